import { memo } from 'react';
import { lateItems, planProgress, type StateView } from '@shared/projection';
import { useSame } from '../../../data/hooks';
import type { Lang } from '../../../i18n/lang';
import { LateItems } from '../../../panels/LateItems';
import { PlanGroups } from '../../../panels/PlanGroups';

export const Plan = memo(function Plan({ state, lang }: { state: StateView; lang: Lang }) {
  const plan = useSame(planProgress(lang.catalog, state));
  const late = useSame(lateItems(state));
  return (
    <div className="page plan">
      <PlanGroups plan={plan} lang={lang} />
      <LateItems items={late} limit={12} lang={lang} />
    </div>
  );
});
