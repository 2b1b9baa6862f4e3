import { memo } from 'react';
import { formatShare } from '@shared/format';
import type { TileGrid } from '@shared/projection';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';
import { Panel } from '../ui/Panel';
import { STATUS_COLOURS } from '../ui/theme';
import './panels.css';

/** The localities on their tile grid, coloured by a share indicator (from `tileGrid`). */
export const TileMap = memo(function TileMap({ grid, indicator, lang }: { grid: TileGrid; indicator: string; lang: Lang }) {
  const { t, names } = lang;
  return (
    <Panel title={t.map} className="tile-map" testId="tile-map">
      <div className="tiles" style={{ gridTemplateRows: `repeat(${grid.rows}, 1fr)`, gridTemplateColumns: `repeat(${grid.cols}, 1fr)` }}>
        {grid.tiles.map((tile) => (
          <div key={tile.id} className="tile" data-unit={tile.id} data-status={tile.status} style={{ gridRow: tile.row + 1, gridColumn: tile.col + 1, background: STATUS_COLOURS[tile.status] }}>
            <span className="tile-name">{names.unitShort(tile.id)}</span>
            <span className="tile-value">{tile.value === null ? '—' : formatShare(tile.value, t.locale)}</span>
            {tile.check && (
              <span className="tile-check" data-testid="tile-check">
                {t.tile_checkFigure}
              </span>
            )}
          </div>
        ))}
      </div>
      <MapLegend indicator={indicator} lang={lang} />
    </Panel>
  );
});

/** The map's colours explained: the indicator's thresholds, and "no data"; the tile grid and the province's own map share it. */
export function MapLegend({ indicator, lang }: { indicator: string; lang: Lang }) {
  const { t, catalog } = lang;
  const th = catalog.indicators.get(indicator)?.thresholds;
  const pct = (v: number) => formatShare(v, t.locale, 0);
  const legend = th
    ? { ok: fill(t.legendAtLeast, { value: pct(th.warn) }), warn: `${pct(th.bad)} – ${pct(th.warn)}`, bad: `< ${pct(th.bad)}`, nodata: t.legendNoData }
    : { ok: '', warn: '', bad: '', nodata: t.legendNoData };
  return (
    <div className="tile-legend" data-testid="map-legend">
      {(['ok', 'warn', 'bad', 'nodata'] as const)
        .filter((s) => legend[s])
        .map((s) => (
          <span key={s}>
            <span className="swatch" style={{ background: STATUS_COLOURS[s] }} />
            {legend[s]}
          </span>
        ))}
    </div>
  );
}
