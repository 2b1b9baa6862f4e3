import { formatTime, formatDate } from '@shared/format';
import { fill } from '../../i18n';
import { useWall } from '../context';
import { describeAlert } from './describe';
import { Panel } from './Panel';

const ORDER = { indicator_bad: 0, unit_silent: 1, overdue: 2 } as const;

/** Active alerts, unacknowledged first. */
export function Alerts({ limit }: { limit: number }) {
  const { state, t, names, timeZone } = useWall();
  const alerts = [...state.alerts].sort((a, b) => Number(a.acknowledged) - Number(b.acknowledged) || ORDER[a.kind] - ORDER[b.kind] || b.since.localeCompare(a.since));
  const open = alerts.filter((a) => !a.acknowledged).length;
  return (
    <Panel title={`${t.alerts} (${open})`} className="alerts" testId="alerts">
      {alerts.length === 0 ? (
        <div className="calm">{t.noAlerts}</div>
      ) : (
        <ul>
          {alerts.slice(0, limit).map((a) => {
            const since = Date.parse(a.since);
            return (
              <li key={a.id} data-alert={a.id} className={`${a.kind} ${a.acknowledged ? 'acked' : ''}`}>
                <span className="alert-text">{describeAlert(a, t, names)}</span>
                <span className="alert-since">
                  {fill(t.since, { time: `${formatTime(since, t.locale, timeZone)} ${formatDate(since, t.locale, timeZone)}` })}
                  {a.acknowledged ? ` · ${t.acknowledged}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {alerts.length > limit && <div className="more">+{alerts.length - limit}</div>}
    </Panel>
  );
}
