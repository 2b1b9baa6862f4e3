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
              {g.overdue > 0 && <span className="flag bad">{`${t.overdue} ${g.overdue}`}</span>}
              {g.atRisk > 0 && <span className="flag warn">{`${t.atRisk} ${g.atRisk}`}</span>}
            </span>
          </li>
        ))}
      </ul>
    </Panel>
  );
});
