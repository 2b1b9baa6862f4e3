import { memo, type CSSProperties } from 'react';
import { formatIndicatorValue } from '@shared/format';
import type { HeadlineValue } from '@shared/projection';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';
import { STATUS_COLOURS } from '../ui/theme';
import './panels.css';

/** The headline indicators against their targets, coloured by status (from `headlineValues`). */
export const Headline = memo(function Headline({ values, lang }: { values: HeadlineValue[]; lang: Lang }) {
  const { t, names, catalog } = lang;
  return (
    // Any number of KPIs share one row; past four, the figures shrink to fit (the row's CSS reads the count).
    <div className="kpis" style={{ '--kpis': Math.max(4, values.length) } as CSSProperties}>
      {values.map(({ id, value, status }) => {
        const ind = catalog.indicators.get(id);
        if (!ind) return null;
        const shown = value === null ? null : formatIndicatorValue(ind, value, t.locale);
        const target = ind.target === undefined ? null : formatIndicatorValue(ind, ind.target, t.locale);
        return (
          <div className="kpi" key={id} data-indicator={id} data-status={status} style={{ borderTopColor: STATUS_COLOURS[status] }}>
            <div className="kpi-name" title={names.indicator(id)}>
              {names.indicator(id)}
            </div>
            <div className="kpi-value" data-testid={`kpi-${id}`} style={{ color: value === null ? undefined : STATUS_COLOURS[status] }}>
              {shown === null ? <span className="no-data">{t.noData}</span> : ind.format !== 'percent' && target ? fill(t.ofTarget, { value: shown, target }) : shown}
            </div>
            <div className="kpi-target">{target ? `${t.target}: ${target}` : (ind.measure?.[lang.code] ?? '')}</div>
          </div>
        );
      })}
    </div>
  );
});
