import { formatIndicatorValue } from '@shared/format';
import { fill } from '../../i18n';
import { STATUS_COLOURS, useWall } from '../context';

/** The headline indicators against their targets, coloured by status. */
export function Headline() {
  const { catalog, state, t, lang, names } = useWall();
  const headline = catalog.config.indicators.filter((i) => i.headline);
  return (
    <div className="kpis">
      {headline.map((ind) => {
        const view = state.indicators[ind.id];
        const value = view?.value ?? null;
        const status = view?.status ?? 'nodata';
        const shown = value === null ? null : formatIndicatorValue(ind, value, t.locale);
        const target = ind.target === undefined ? null : formatIndicatorValue(ind, ind.target, t.locale);
        return (
          <div className="kpi" key={ind.id} data-indicator={ind.id} data-status={status} style={{ borderTopColor: STATUS_COLOURS[status] }}>
            <div className="kpi-name">{names.indicator(ind.id)}</div>
            <div className="kpi-value" data-testid={`kpi-${ind.id}`} style={{ color: value === null ? undefined : STATUS_COLOURS[status] }}>
              {shown === null ? <span className="no-data">{t.noData}</span> : ind.format !== 'percent' && target ? fill(t.ofTarget, { value: shown, target }) : shown}
            </div>
            <div className="kpi-target">{target ? `${t.target}: ${target}` : (ind.measure?.[lang] ?? '')}</div>
          </div>
        );
      })}
    </div>
  );
}
