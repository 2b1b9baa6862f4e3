import { Alerts } from '../panels/Alerts';
import { Headline } from '../panels/Headline';
import { Models } from '../panels/Models';
import { PlanGroups } from '../panels/PlanGroups';
import { Ticker } from '../panels/Ticker';
import { Trend } from '../panels/Trend';

export function Overview() {
  return (
    <div className="page overview">
      <Headline />
      <div className="overview-grid">
        <Models />
        <PlanGroups compact />
        <Alerts limit={5} />
        <Trend />
        <Ticker limit={8} />
      </div>
    </div>
  );
}
