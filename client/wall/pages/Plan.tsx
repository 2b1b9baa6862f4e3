import { LateItems } from '../panels/LateItems';
import { PlanGroups } from '../panels/PlanGroups';

export function Plan() {
  return (
    <div className="page plan">
      <PlanGroups />
      <LateItems limit={12} />
    </div>
  );
}
