import { memo } from 'react';
import type { PlanProgress } from '@shared/projection';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';
import { Panel } from '../ui/Panel';
import './panels.css';

/** Each task group's progress: mean percent, tasks done, overdue and at-risk counts (from `planProgress`). */
export const PlanGroups = memo(function PlanGroups({ plan, lang, compact = false }: { plan: PlanProgress; lang: Lang; compact?: boolean }) {
  const { t, names } = lang;
  return (
    <Panel title={t.plan} className={`plan-groups ${compact ? 'compact' : ''}`} testId="plan-groups">
      <div className="panel-sub">{fill(t.tasksDone, { done: plan.done, total: plan.tasks })}</div>
      <ul>
        {plan.groups.map((g) => (
          <li key={g.id} data-group={g.id}>
            <span className="group-name" title={names.group(g.id)}>
              {names.group(g.id)}
            </span>
            <span className="bar">
              <span className="bar-fill" style={{ width: `${g.percent}%` }} />
            </span>
            <span className="group-percent">{Math.round(g.percent)}%</span>
            <span className="group-flags">
              <GroupFlags overdue={g.overdue} atRisk={g.atRisk} lang={lang} />
            </span>
          </li>
        ))}
      </ul>
    </Panel>
  );
});

/** A group's overdue and at-risk counts as flags; nothing for a count of zero. */
export function GroupFlags({ overdue, atRisk, lang }: { overdue: number; atRisk: number; lang: Lang }) {
  const { t } = lang;
  return (
    <>
      {overdue > 0 && <span className="flag bad">{`${t.overdue} ${overdue}`}</span>}
      {atRisk > 0 && <span className="flag warn">{`${t.atRisk} ${atRisk}`}</span>}
    </>
  );
}
