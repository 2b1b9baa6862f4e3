import { memo } from 'react';
import { lastQuarter } from '@shared/briefing';
import { countByStatus, dailyTrend, headlineValues, planProgress, recentEvents, sortedAlerts, type StateView } from '@shared/projection';
import { useSame } from '../../../data/hooks';
import type { Lang } from '../../../i18n/lang';
import { Alerts } from '../../../panels/Alerts';
import { Headline } from '../../../panels/Headline';
import { Models } from '../../../panels/Models';
import { PlanGroups } from '../../../panels/PlanGroups';
import { Ticker } from '../../../panels/Ticker';
import { Trend } from '../../../panels/Trend';
import { TREND_DAYS, TREND_INDICATOR } from './indicators';

export const Overview = memo(function Overview({ state, lang }: { state: StateView; lang: Lang }) {
  const { catalog } = lang;
  // Each panel gets the same object back while its data is unchanged, and so does not redraw.
  const headline = useSame(headlineValues(catalog, state));
  const quarter = useSame(lastQuarter(catalog, state));
  const models = useSame(countByStatus(state, 'model'));
  const plan = useSame(planProgress(catalog, state));
  const alerts = useSame(sortedAlerts(state));
  const trend = useSame(dailyTrend(catalog, state, TREND_INDICATOR, TREND_DAYS));
  const recent = useSame(recentEvents(state, 8));
  return (
    <div className="page overview">
      <Headline values={headline} quarter={quarter} lang={lang} />
      <div className="overview-grid">
        <Models counts={models} lang={lang} />
        <PlanGroups plan={plan} lang={lang} compact />
        <Alerts alerts={alerts.alerts} open={alerts.open} limit={5} lang={lang} />
        <Trend points={trend} indicator={TREND_INDICATOR} lang={lang} />
        <Ticker events={recent} lang={lang} />
      </div>
    </div>
  );
});
