import { timeAndDate } from '../../ui/format';
import { memo } from 'react';
import { parseAlertId, recentAcks, type StateView } from '@shared/projection';
import { useSelector } from '../../data/hooks';
import type { StateSource } from '../../data/source';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import { describeAlert } from '../../panels/describe';

const NOW_KEYS = { active: 'desk_ackStill', cleared: 'desk_ackCleared', refired: 'desk_ackRefired' } as const;

const latestAcks = (state: StateView) => recentAcks(state, 20);

/** Who acknowledged which alert, when and with what note, newest first, and what became of the alert since. */
export const AcksPanel = memo(function AcksPanel({ source, lang, operators }: { source: StateSource; lang: Lang; operators: Map<string, string> }) {
  const { t, names } = lang;
  const acks = useSelector(source, latestAcks) ?? [];
  return (
    <section className="desk-card desk-acks" data-testid="desk-acks">
      <h2>{t.desk_recentAcks}</h2>
      {acks.length === 0 && <div className="desk-empty">{t.desk_noAcks}</div>}
      <ul className="desk-list">
        {acks.map(({ alert, ack, now }) => {
          const parsed = parseAlertId(alert);
          return (
            <li key={alert} className={`desk-ack ${now}`} data-ack={alert}>
              <div className="desk-alert-text">{parsed ? describeAlert({ id: alert, ...parsed, since: ack.at, acknowledged: true }, lang) : alert}</div>
              <div className="desk-meta">
                {fill(t.desk_ackedBy, { who: `${operators.get(ack.by) ?? ack.by} (${names.unit(ack.unit)})`, time: timeAndDate(ack.at, lang) })} · {t[NOW_KEYS[now]]}
              </div>
              {ack.note && <div className="desk-note">{ack.note}</div>}
            </li>
          );
        })}
      </ul>
    </section>
  );
});
