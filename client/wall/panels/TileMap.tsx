import { formatShare } from '@shared/format';
import { STATUS_COLOURS, useWall } from '../context';
import { Panel } from './Panel';

/** The localities on their tile grid, coloured by their online submission rate. */
export function TileMap({ indicator = 'online_rate' }: { indicator?: string }) {
  const { catalog, state, t, names } = useWall();
  const tiles = catalog.config.units.filter((u) => u.tile);
  const rows = Math.max(0, ...tiles.map((u) => u.tile!.row)) + 1;
  const cols = Math.max(0, ...tiles.map((u) => u.tile!.col)) + 1;
  const byScope = state.indicators[indicator]?.byScope ?? {};
  const th = catalog.indicators.get(indicator)?.thresholds;
  const pct = (v: number) => formatShare(v, t.locale, 0);
  const legend = th
    ? { ok: `≥ ${pct(th.warn)}`, warn: `${pct(th.bad)} – ${pct(th.warn)}`, bad: `< ${pct(th.bad)}`, nodata: t.legendNoData }
    : { ok: '', warn: '', bad: '', nodata: t.legendNoData };
  return (
    <Panel title={t.map} className="tile-map" testId="tile-map">
      <div className="tiles" style={{ gridTemplateRows: `repeat(${rows}, 1fr)`, gridTemplateColumns: `repeat(${cols}, 1fr)` }}>
        {tiles.map((u) => {
          const cell = byScope[u.id];
          const status = cell?.status ?? 'nodata';
          return (
            <div key={u.id} className="tile" data-unit={u.id} data-status={status} style={{ gridRow: u.tile!.row + 1, gridColumn: u.tile!.col + 1, background: STATUS_COLOURS[status] }}>
              <span className="tile-name">{names.unitShort(u.id)}</span>
              <span className="tile-value" title={t.noData}>{cell?.value == null ? '—' : formatShare(cell.value, t.locale)}</span>
            </div>
          );
        })}
      </div>
      <div className="tile-legend">
        {(['ok', 'warn', 'bad', 'nodata'] as const)
          .filter((s) => legend[s])
          .map((s) => (
            <span key={s}>
              <span className="swatch" style={{ background: STATUS_COLOURS[s] }} />
              {legend[s]}
            </span>
          ))}
      </div>
    </Panel>
  );
}
