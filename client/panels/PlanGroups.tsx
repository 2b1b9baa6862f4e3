import { memo } from 'react';
import type { PlanProgress } from '@shared/projection';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';
import { Bar } from '../ui/Bar';
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
            <Bar percent={g.percent} />
            <span className="group-percent">{Math.round(g.percent)}%</span>
            <GroupFlags overdue={g.overdue} atRisk={g.atRisk} lang={lang} className="group-flags" />
          </li>
        ))}
      </ul>
    </Panel>
  );
});

/** A group's overdue and at-risk counts as flags in one element (a span, or a table cell); no flag for a count of zero. */
export function GroupFlags({ overdue, atRisk, lang, className, as: Tag = 'span' }: { overdue: number; atRisk: number; lang: Lang; className: string; as?: 'span' | 'td' }) {
  const { t } = lang;
  return (
    <Tag className={className}>
      {overdue > 0 && <span className="flag bad">{`${t.overdue} ${overdue}`}</span>}
      {atRisk > 0 && <span className="flag warn">{`${t.atRisk} ${atRisk}`}</span>}
    </Tag>
  );
}
