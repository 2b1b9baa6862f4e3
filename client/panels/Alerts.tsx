import { timeAndDate } from '../ui/format';
import { memo } from 'react';
import { formatTime } from '@shared/format';
import type { Alert } from '@shared/projection';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';
import { Panel } from '../ui/Panel';
import { describeAlert } from './describe';
import './panels.css';

/** Active alerts, unacknowledged first (from `sortedAlerts`); an acknowledged one is dimmed, ticked, and says when. */
export const Alerts = memo(function Alerts({ alerts, open, limit, lang }: { alerts: Alert[]; open: number; limit: number; lang: Lang }) {
  const { t, timeZone } = lang;
  return (
    <Panel title={`${t.alerts} (${open})`} className="alerts" testId="alerts">
      {alerts.length === 0 ? (
        <div className="calm">{t.noAlerts}</div>
      ) : (
        <ul>
          {alerts.slice(0, limit).map((a) => {
            const since = Date.parse(a.since);
            return (
              <li key={a.id} data-alert={a.id} data-acknowledged={a.acknowledged} className={`${a.kind} ${a.acknowledged ? 'acked' : ''}`} title={describeAlert(a, lang)}>
                <span className="alert-text">
                  {a.acknowledged && <span className="ack-mark">✓ </span>}
                  {describeAlert(a, lang)}
                </span>
                <span className="alert-since">
                  {fill(t.since, { time: timeAndDate(since, lang) })}
                  {a.ack ? ` · ${fill(t.acknowledgedAt, { time: formatTime(Date.parse(a.ack.at), t.locale, timeZone) })}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {alerts.length > limit && <div className="more">+{alerts.length - limit}</div>}
    </Panel>
  );
});
