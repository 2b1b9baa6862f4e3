import { fill } from '../../i18n';
import { useWall } from '../context';
import { Panel } from './Panel';

/** Each task group's progress: mean percent, tasks done, overdue and at-risk counts. */
export function PlanGroups({ compact = false }: { compact?: boolean }) {
  const { catalog, state, t, names } = useWall();
  const tasks = Object.entries(state.items).filter(([, i]) => i.kind === 'task');
  const done = tasks.filter(([, i]) => i.status === 'done').length;
  return (
    <Panel title={t.plan} className={`plan-groups ${compact ? 'compact' : ''}`} testId="plan-groups">
      <div className="panel-sub">{fill(t.tasksDone, { done, total: tasks.length })}</div>
      <ul>
        {catalog.config.groups.map((g) => {
          const mine = tasks.filter(([, i]) => i.group === g.id).map(([, i]) => i);
          const percent = mine.length ? mine.reduce((a, i) => a + i.percent, 0) / mine.length : 0;
          const overdue = mine.filter((i) => i.overdue).length;
          const atRisk = mine.filter((i) => i.atRisk).length;
          return (
            <li key={g.id} data-group={g.id}>
              <span className="group-name">{names.group(g.id)}</span>
              <span className="bar">
                <span className="bar-fill" style={{ width: `${percent}%` }} />
              </span>
              <span className="group-percent">{Math.round(percent)}%</span>
              <span className="group-flags">
                {overdue > 0 && <span className="flag bad">{`${t.overdue} ${overdue}`}</span>}
                {atRisk > 0 && <span className="flag warn">{`${t.atRisk} ${atRisk}`}</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
