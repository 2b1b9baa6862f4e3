import { memo } from 'react';
import { rankings } from '@shared/briefing/units';
import { dailyTrend, tileGrid, type StateView } from '@shared/projection';
import { useSame } from '../../../data/hooks';
import type { Lang } from '../../../i18n/lang';
import { Ranking } from '../../../panels/Ranking';
import { TileMap } from '../../../panels/TileMap';
import { Trend } from '../../../panels/Trend';
import { TREND_DAYS, TREND_INDICATOR } from './indicators';

export const Localities = memo(function Localities({ state, lang }: { state: StateView; lang: Lang }) {
  const { catalog } = lang;
  const grid = useSame(tileGrid(catalog, state, TREND_INDICATOR));
  // Localities and departments are ranked apart, never in one list (as the briefing does).
  const locality = useSame(rankings(catalog, null, state, 'locality'));
  const agency = useSame(rankings(catalog, null, state, 'agency'));
  const trend = useSame(dailyTrend(catalog, state, TREND_INDICATOR, TREND_DAYS));
  return (
    <div className="page localities">
      <TileMap grid={grid} indicator={TREND_INDICATOR} lang={lang} />
      <Ranking locality={locality} agency={agency} indicator={TREND_INDICATOR} lang={lang} />
      <Trend points={trend} indicator={TREND_INDICATOR} lang={lang} />
    </div>
  );
});
