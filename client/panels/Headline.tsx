import { memo, type CSSProperties } from 'react';
import { formatIndicatorValue } from '@shared/format';
import { shownBeside, type QuarterSummary } from '@shared/briefing';
import type { HeadlineValue } from '@shared/projection';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';
import { STATUS_COLOURS } from '../ui/theme';
import './panels.css';

/** The tasks due in the last quarter: how many were done on time, and the rest (from `lastQuarter`). */
function QuarterTile({ quarter, lang }: { quarter: QuarterSummary; lang: Lang }) {
  const { t } = lang;
  const status = quarter.onTime === quarter.due ? 'ok' : quarter.notDone > 0 ? 'bad' : 'warn';
  const q = t.q_names.split(',')[quarter.quarter - 1] ?? String(quarter.quarter);
  return (
    <div className="kpi" data-testid="kpi-quarter" data-status={status} style={{ borderTopColor: STATUS_COLOURS[status] }}>
      <div className="kpi-name">{fill(t.q_title, { q, year: quarter.year })}</div>
      <div className="kpi-value" style={{ color: STATUS_COLOURS[status] }}>{`${quarter.onTime}/${quarter.due}`}</div>
      <div className="kpi-target">{fill(t.q_detail, { late: quarter.late, notDone: quarter.notDone })}</div>
    </div>
  );
}

/** The headline indicators against their targets, coloured by status (from `headlineValues`), and the last quarter's tasks. */
export const Headline = memo(function Headline({ values, quarter, lang }: { values: HeadlineValue[]; quarter?: QuarterSummary | null; lang: Lang }) {
  const { t, names, catalog } = lang;
  const beside = shownBeside(catalog);
  const drawnBeside = new Set(beside.values());
  return (
    // Any number of KPIs share one row; past four, the figures shrink to fit (the row's CSS reads the count).
    <div className="kpis" style={{ '--kpis': Math.max(4, values.length) } as CSSProperties}>
      {values.map(({ id, value, status }) => {
        const ind = catalog.indicators.get(id);
        if (!ind || drawnBeside.has(id)) return null;
        const partnerId = beside.get(id);
        const partner = partnerId === undefined ? undefined : values.find((v) => v.id === partnerId);
        const partnerInd = partnerId === undefined ? undefined : catalog.indicators.get(partnerId);
        const shown = value === null ? null : formatIndicatorValue(ind, value, t.locale);
        const target = ind.target === undefined ? null : formatIndicatorValue(ind, ind.target, t.locale);
        return (
          <div className="kpi" key={id} data-indicator={id} data-status={status} style={{ borderTopColor: STATUS_COLOURS[status] }}>
            <div className="kpi-name" title={names.indicator(id)}>
              {names.indicator(id)}
            </div>
            <div className="kpi-value" data-testid={`kpi-${id}`} style={{ color: value === null ? undefined : STATUS_COLOURS[status] }}>
              {shown === null ? <span className="no-data">{t.noData}</span> : ind.format !== 'percent' && target ? fill(t.ofTarget, { value: shown, target }) : shown}
              {partner && partnerInd && (
                <span className="kpi-part" data-testid={`kpi-${partner.id}`} data-indicator={partner.id} style={{ color: partner.value === null ? undefined : STATUS_COLOURS[partner.status] }}>
                  <span className="kpi-part-name">{t.k_fullProcess}</span>
                  {partner.value === null ? <span className="no-data">{t.noData}</span> : formatIndicatorValue(partnerInd, partner.value, t.locale)}
                </span>
              )}
            </div>
            <div className="kpi-target">{target ? `${t.target}: ${target}` : (ind.measure?.[lang.code] ?? '')}</div>
          </div>
        );
      })}
      {quarter && quarter.due > 0 && <QuarterTile quarter={quarter} lang={lang} />}
    </div>
  );
});
