import { formatDate } from '@shared/format';
import { startOfLocalDay } from '@shared/time';
import { fill } from '../../i18n';
import { useWall } from '../context';
import { Panel } from './Panel';

/** Overdue, then at-risk, tasks and models, each with its lead unit and responsible official. */
export function LateItems({ limit }: { limit: number }) {
  const { state, t, names, timeZone } = useWall();
  const late = Object.entries(state.items)
    .filter(([, i]) => i.overdue || i.atRisk)
    .sort(([, a], [, b]) => Number(b.overdue) - Number(a.overdue) || a.due.localeCompare(b.due));
  return (
    <Panel title={`${t.lateItems} (${late.length})`} className="late-items" testId="late-items">
      {late.length === 0 ? (
        <div className="calm">{t.noLateItems}</div>
      ) : (
        <ul>
          {late.slice(0, limit).map(([id, item]) => (
            <li key={id} data-item={id} className={item.overdue ? 'overdue' : 'at-risk'}>
              <span className={`flag ${item.overdue ? 'bad' : 'warn'}`}>{item.overdue ? t.overdue : t.atRisk}</span>
              <span className="late-title">{names.item(id)}</span>
              <span className="late-who">
                {`${t.lead}: ${names.unit(item.lead)}`}
                {names.official(id) ? ` · ${names.official(id)}` : ''}
              </span>
              <span className="late-due">{fill(t.due, { date: formatDate(startOfLocalDay(item.due, timeZone) + 43_200_000, t.locale, timeZone) })}</span>
              <span className="late-percent">{Math.round(item.percent)}%</span>
            </li>
          ))}
        </ul>
      )}
      {late.length > limit && <div className="more">+{late.length - limit}</div>}
    </Panel>
  );
}
