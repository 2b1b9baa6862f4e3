import { memo, useEffect, useState } from 'react';
import type { WebhookInfo } from '@shared/api';
import { formatTime } from '@shared/format';
import { deliveriesToShow, type Delivery, type WebhookLedger } from '@shared/projection';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import type { DeskApi } from './deskApi';

/** Deliveries listed at most. */
const MAX_DELIVERIES = 12;

/** Each webhook with its totals and last attempt, and the latest deliveries: live from the log's delivery ledger. */
export const WebhooksPanel = memo(function WebhooksPanel({ api, ledger, lang }: { api: DeskApi; ledger: WebhookLedger | undefined; lang: Lang }) {
  const { t, timeZone } = lang;
  const [hooks, setHooks] = useState<WebhookInfo[] | null>(null);
  useEffect(() => {
    api.webhooks().then(setHooks, () => setHooks([]));
  }, [api]);
  const time = (iso: string | null) => (iso ? formatTime(Date.parse(iso), t.locale, timeZone, true) : '—');
  const pending = (id: string) => Object.values(ledger?.pending ?? {}).filter((d) => d.webhook === id).length;
  return (
    <section className="desk-card desk-webhooks" data-testid="desk-webhooks">
      <h2>{t.desk_webhooks}</h2>
      {hooks !== null && hooks.length === 0 && <div className="desk-empty">{t.desk_noWebhooks}</div>}
      <ul className="desk-list">
        {(hooks ?? []).map((h) => {
          const s = ledger?.stats[h.id];
          return (
            <li key={h.id} className="desk-hook" data-webhook={h.id}>
              <div className="desk-hook-name">
                {h.id} <span className="desk-id">{h.url}</span>
              </div>
              <div className="desk-meta">{fill(t.desk_hookStats, { delivered: s?.delivered ?? 0, failed: s?.failedAttempts ?? 0, abandoned: s?.abandoned ?? 0, pending: pending(h.id) })}</div>
              {s?.lastAttemptAt && <div className="desk-meta">{fill(t.desk_hookLast, { time: time(s.lastAttemptAt), result: s.lastOutcome === null ? t.desk_sending : s.lastStatus === null ? t.desk_noAnswer : `HTTP ${s.lastStatus}` })}</div>}
            </li>
          );
        })}
      </ul>
      <ul className="desk-list desk-deliveries" data-testid="deliveries">
        {deliveriesToShow(ledger, MAX_DELIVERIES).map((d) => (
          <li key={d.id} className={`desk-delivery ${d.outcome}`} data-delivery={d.id} data-outcome={d.outcome}>
            <span className="desk-delivery-what">
              {d.webhook} · {d.event === 'alert.fired' ? t.desk_fired : t.desk_cleared} · {d.alert.name || d.alert.id}
            </span>
            <span className="desk-meta">{deliveryState(d, t, time)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
});

function deliveryState(d: Delivery, t: Lang['t'], time: (iso: string | null) => string): string {
  const attempts = fill(t.desk_attempts, { n: d.attempts });
  const last = d.lastStatus !== null ? `HTTP ${d.lastStatus}` : (d.lastError ?? '');
  if (d.outcome === 'delivered') return `${t.desk_delivered} · ${attempts} · ${last}`;
  if (d.outcome === 'abandoned') return `${t.desk_abandoned} · ${attempts} · ${last}`;
  if (d.claimedAt !== null) return `${t.desk_sending} · ${attempts}`;
  return [d.attempts ? t.desk_waiting : t.desk_sending, attempts, last, d.attempts && d.nextAt ? fill(t.desk_nextRetry, { time: time(d.nextAt) }) : ''].filter(Boolean).join(' · ');
}
