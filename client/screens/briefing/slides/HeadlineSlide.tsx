import { shownBeside, type IndicatorDelta } from '@shared/briefing';
import { formatIndicatorValue } from '@shared/format';
import { fill } from '../../../i18n';
import type { Lang } from '../../../i18n/lang';
import { STATUS_COLOURS } from '../../../ui/theme';
import { signed } from '../format';

/** The headline indicators with their change since the baseline: arrow, signed difference, points for rates. */
export function HeadlineSlide({ deltas, lang, hasBaseline }: { deltas: IndicatorDelta[]; lang: Lang; hasBaseline: boolean }) {
  const { t, names, catalog } = lang;
  const beside = shownBeside(catalog);
  const drawnBeside = new Set(beside.values());
  const changeText = (d: IndicatorDelta) => (d.change === null ? null : `${signed(d.change, lang, d.format === 'percent' ? 1 : 0)}${d.format === 'percent' ? ` ${t.b_points}` : ''}`);
  return (
    <div className="b-kpis">
      {deltas.map((d) => {
        if (drawnBeside.has(d.id)) return null;
        const ind = catalog.indicators.get(d.id)!;
        const partner = deltas.find((p) => p.id === beside.get(d.id));
        const partnerInd = partner ? catalog.indicators.get(partner.id) : undefined;
        const value = d.value === null ? null : formatIndicatorValue(ind, d.value, t.locale);
        const before = d.before === null ? null : formatIndicatorValue(ind, d.before, t.locale);
        const change = changeText(d);
        return (
          <div className="b-kpi" key={d.id} data-indicator={d.id} data-trend={d.trend ?? 'none'} style={{ borderTopColor: STATUS_COLOURS[d.status] }}>
            <div className="b-kpi-name">{names.indicator(d.id)}</div>
            <div className="b-kpi-value" style={{ color: d.value === null ? undefined : STATUS_COLOURS[d.status] }}>
              {value ?? <span className="no-data">{t.noData}</span>}
            </div>
            {d.target !== null && <div className="b-kpi-target">{`${t.target}: ${formatIndicatorValue(ind, d.target, t.locale)}`}</div>}
            <div className={`b-kpi-change ${d.better === null ? 'flat' : d.better ? 'better' : 'worse'}`} data-testid={`change-${d.id}`}>
              {change ?? (hasBaseline ? '' : t.b_noChange)}
            </div>
            {before !== null && <div className="b-kpi-before">{fill(t.b_before, { value: before })}</div>}
            {partner && partnerInd && (
              <div className="b-kpi-part" data-indicator={partner.id} data-testid={`part-${partner.id}`}>
                <span className="b-kpi-part-name">{t.k_fullProcess}</span>
                <span style={{ color: partner.value === null ? undefined : STATUS_COLOURS[partner.status] }}>{partner.value === null ? t.noData : formatIndicatorValue(partnerInd, partner.value, t.locale)}</span>
                {partner.change !== null && <span className={`b-kpi-change ${partner.better === null ? 'flat' : partner.better ? 'better' : 'worse'}`}>{changeText(partner)}</span>}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
