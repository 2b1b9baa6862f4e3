import { memo, useMemo } from 'react';
import { willMissIds } from '@shared/briefing';
import { lateItems, planProgress, type StateView } from '@shared/projection';
import { useSame } from '../../../data/hooks';
import type { Lang } from '../../../i18n/lang';
import { LateItems } from '../../../panels/LateItems';
import { PlanGroups } from '../../../panels/PlanGroups';

export const Plan = memo(function Plan({ state, lang }: { state: StateView; lang: Lang }) {
  const plan = useSame(planProgress(lang.catalog, state));
  // The forecast's "will miss its due date" joins the at-risk list (method: shared/forecast.ts).
  const willMiss = useMemo(() => willMissIds(lang.catalog, state), [lang.catalog, state]);
  const late = useSame(lateItems(state, willMiss));
  return (
    <div className="page plan">
      <PlanGroups plan={plan} lang={lang} />
      <LateItems items={late} limit={12} lang={lang} />
    </div>
  );
});
