import type { AlertPayload, StoredEvent, WebhookAttempted, WebhookQueued, WebhookResult } from '../events';

/** Unfinished deliveries kept at most; past it the oldest is given up (a receiver down for days with alerts flapping). */
export const MAX_PENDING_DELIVERIES = 1_000;
/** Finished deliveries kept for the desk to show, newest last. */
export const MAX_DONE_DELIVERIES = 50;

export interface Delivery {
  /** The delivery id: the `webhook.queued` event's id, sent as `X-IOC-Delivery`. */
  id: string;
  webhook: string;
  event: WebhookQueued['event'];
  alert: AlertPayload;
  /** When the change happened (the body's `at`). */
  at: string;
  /** When it was queued (server clock). */
  queuedAt: string;
  /** Attempts claimed so far. */
  attempts: number;
  /** When the latest attempt was claimed, while its result is not in yet; null otherwise. */
  claimedAt: string | null;
  lastAttemptAt: string | null;
  /** The receiver's HTTP status on the latest finished attempt; null when it did not answer. */
  lastStatus: number | null;
  lastError: string | null;
  /** When the next attempt is due (server clock); null once finished. */
  nextAt: string | null;
  outcome: 'pending' | 'delivered' | 'abandoned';
}

export interface WebhookStats {
  delivered: number;
  abandoned: number;
  failedAttempts: number;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastOutcome: WebhookResult['outcome'] | null;
}

export interface WebhookLedger {
  pending: Record<string, Delivery>;
  done: Delivery[];
  /** `<webhook> <alert id>` -> the `since` of the firing last notified; removed once its clearing is queued. */
  notified: Record<string, string>;
  stats: Record<string, WebhookStats>;
}

export function createLedger(): WebhookLedger {
  return { pending: {}, done: [], notified: {}, stats: {} };
}

/** The key of `notified` for one webhook and alert. */
export const notifiedKey = (webhook: string, alertId: string) => `${webhook} ${alertId}`;

const statsOf = (ledger: WebhookLedger, webhook: string): WebhookStats =>
  (ledger.stats[webhook] ??= { delivered: 0, abandoned: 0, failedAttempts: 0, lastAttemptAt: null, lastStatus: null, lastOutcome: null });

function finish(ledger: WebhookLedger, delivery: Delivery, outcome: 'delivered' | 'abandoned'): void {
  delete ledger.pending[delivery.id];
  delivery.outcome = outcome;
  delivery.claimedAt = null;
  delivery.nextAt = null;
  statsOf(ledger, delivery.webhook)[outcome] += 1;
  ledger.done.push(delivery);
  if (ledger.done.length > MAX_DONE_DELIVERIES) ledger.done.splice(0, ledger.done.length - MAX_DONE_DELIVERIES);
}

/** Applies one webhook bookkeeping event; `receivedAt` is already in UTC ISO form. */
export function applyWebhookEvent(ledger: WebhookLedger, event: (WebhookQueued | WebhookAttempted | WebhookResult) & StoredEvent, receivedAt: string): void {
  switch (event.type) {
    case 'webhook.queued': {
      if (ledger.pending[event.id]) return;
      const key = notifiedKey(event.webhook, event.alert.id);
      if (event.event === 'alert.fired') ledger.notified[key] = event.alert.since;
      else delete ledger.notified[key];
      ledger.pending[event.id] = {
        id: event.id,
        webhook: event.webhook,
        event: event.event,
        alert: event.alert,
        at: event.at,
        queuedAt: receivedAt,
        attempts: 0,
        claimedAt: null,
        lastAttemptAt: null,
        lastStatus: null,
        lastError: null,
        nextAt: receivedAt,
        outcome: 'pending',
      };
      const ids = Object.keys(ledger.pending);
      // Insertion order is queue order, so the first key is the oldest.
      if (ids.length > MAX_PENDING_DELIVERIES) finish(ledger, ledger.pending[ids[0]!]!, 'abandoned');
      return;
    }
    case 'webhook.attempted': {
      const d = ledger.pending[event.delivery];
      if (!d || event.attempt <= d.attempts) return;
      d.attempts = event.attempt;
      d.claimedAt = receivedAt;
      d.lastAttemptAt = receivedAt;
      statsOf(ledger, d.webhook).lastAttemptAt = receivedAt;
      return;
    }
    case 'webhook.result': {
      const d = ledger.pending[event.delivery];
      if (!d) return;
      const stats = statsOf(ledger, d.webhook);
      // A late failure of an attempt already superseded says nothing new; a late success still counts.
      if (event.outcome === 'failed' && event.attempt !== d.attempts) return;
      d.lastStatus = event.status ?? null;
      d.lastError = event.error ?? null;
      stats.lastStatus = d.lastStatus;
      stats.lastOutcome = event.outcome;
      if (event.outcome === 'failed') {
        stats.failedAttempts += 1;
        d.claimedAt = null;
        d.nextAt = event.nextAt ? new Date(event.nextAt).toISOString() : receivedAt;
        return;
      }
      finish(ledger, d, event.outcome);
      return;
    }
  }
}

/** The attempt a node may claim for `delivery` at `now` (server clock, ms), or null while none is due. */
export function dueAttempt(delivery: Delivery, now: number, staleClaimMs: number): number | null {
  if (delivery.outcome !== 'pending') return null;
  // A claim without a result after this long belongs to a node that died mid-attempt.
  if (delivery.claimedAt !== null) return Date.parse(delivery.claimedAt) + staleClaimMs <= now ? delivery.attempts + 1 : null;
  return delivery.nextAt === null || Date.parse(delivery.nextAt) <= now ? delivery.attempts + 1 : null;
}
