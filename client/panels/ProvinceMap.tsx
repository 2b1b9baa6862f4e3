import { memo, useEffect, useMemo, useState } from 'react';
import type { Catalog } from '@shared/catalog';
import { formatShare } from '@shared/format';
import type { IndicatorStatus, StateView } from '@shared/projection';
import type { Lang } from '../i18n/lang';
import { Chart } from '../ui/Chart';
import { echarts } from '../ui/echarts';
import { NoData, Panel } from '../ui/Panel';
import { colours, STATUS_COLOURS } from '../ui/theme';
import { MapLegend } from './TileMap';
import './panels.css';

/** The name the province's map is registered under with ECharts. */
const MAP_NAME = 'province';

export interface MapArea {
  id: string;
  value: number | null;
  status: IndicatorStatus;
}

/** Every unit's value and status for `indicator`, for the areas of the province's map ("no data" for a unit without one). */
export function mapAreas(catalog: Catalog, state: StateView, indicator: string): MapArea[] {
  const byScope = state.indicators[indicator]?.byScope ?? {};
  return catalog.config.units.map((u) => ({ id: u.id, value: byScope[u.id]?.value ?? null, status: byScope[u.id]?.status ?? 'nodata' }));
}

// Fetched and registered once per page: the boundaries do not change while the server runs.
let loading: Promise<boolean> | null = null;
function loadMap(): Promise<boolean> {
  loading ??= fetch('/api/v1/map.geojson')
    .then(async (res) => {
      if (!res.ok) return false;
      echarts.registerMap(MAP_NAME, (await res.json()) as Parameters<typeof echarts.registerMap>[1]);
      return true;
    })
    .catch(() => {
      loading = null;
      return false;
    });
  return loading;
}

/**
 * The province's own map (config `map`: a GeoJSON of its units), each area coloured by a share
 * indicator with the tile grid's colours, legend and "no data".
 */
export const ProvinceMap = memo(function ProvinceMap({ areas, indicator, lang }: { areas: MapArea[]; indicator: string; lang: Lang }) {
  const { t, names, catalog } = lang;
  const [ready, setReady] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void loadMap().then((ok) => live && setReady(ok));
    return () => {
      live = false;
    };
  }, []);
  const property = catalog.config.map?.property ?? 'id';
  const option = useMemo(
    () => ({
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          nameProperty: property,
          roam: false,
          selectedMode: false,
          silent: true,
          layoutCenter: ['50%', '50%'],
          layoutSize: '96%',
          itemStyle: { areaColor: STATUS_COLOURS.nodata, borderColor: colours.bg, borderWidth: 3 },
          label: {
            show: true,
            color: colours.ink,
            fontSize: 24,
            fontWeight: 700,
            lineHeight: 28,
            formatter: (p: { name: string; value?: number }) => `${names.unitShort(p.name)}\n${typeof p.value === 'number' && Number.isFinite(p.value) ? formatShare(p.value, t.locale) : '—'}`,
          },
          data: areas.map((a) => ({ name: a.id, value: a.value ?? Number.NaN, itemStyle: { areaColor: STATUS_COLOURS[a.status] } })),
        },
      ],
    }),
    [areas, property, names, t.locale],
  );
  return (
    <Panel title={t.map} className="tile-map province-map" testId="province-map">
      {ready === false ? <NoData text={t.legendNoData} /> : ready ? <Chart option={option} className="province-map-chart" label={t.map} renderer="svg" /> : <div className="province-map-chart" />}
      <MapLegend indicator={indicator} lang={lang} />
    </Panel>
  );
});
