import { memo } from 'react';
import { rankings } from '@shared/briefing/units';
import { dailyTrend, tileGrid, type StateView } from '@shared/projection';
import { useSame } from '../../../data/hooks';
import type { Lang } from '../../../i18n/lang';
import { mapAreas, ProvinceMap } from '../../../panels/ProvinceMap';
import { Ranking } from '../../../panels/Ranking';
import { TileMap } from '../../../panels/TileMap';
import { Trend } from '../../../panels/Trend';
import { TREND_DAYS, TREND_INDICATOR } from './indicators';

export const Localities = memo(function Localities({ state, lang }: { state: StateView; lang: Lang }) {
  const { catalog } = lang;
  // The province's own map when the config names one; the tile grid otherwise.
  const ownMap = catalog.config.map !== undefined;
  const grid = useSame(tileGrid(catalog, state, TREND_INDICATOR));
  const areas = useSame(ownMap ? mapAreas(catalog, state, TREND_INDICATOR) : null);
  // Localities and departments are ranked apart, never in one list (as the briefing does).
  const locality = useSame(rankings(catalog, null, state, 'locality'));
  const agency = useSame(rankings(catalog, null, state, 'agency'));
  const trend = useSame(dailyTrend(catalog, state, TREND_INDICATOR, TREND_DAYS));
  return (
    <div className="page localities">
      {areas ? <ProvinceMap areas={areas} indicator={TREND_INDICATOR} lang={lang} /> : <TileMap grid={grid} indicator={TREND_INDICATOR} lang={lang} />}
      <Ranking locality={locality} agency={agency} indicator={TREND_INDICATOR} lang={lang} />
      <Trend points={trend} indicator={TREND_INDICATOR} lang={lang} />
    </div>
  );
});
