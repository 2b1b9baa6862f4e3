import { describe, expect, it } from 'vitest';
import type { StoredEvent, WebhookAttempted, WebhookQueued, WebhookResult } from '../events';
import { applyWebhookEvent, createLedger, dueAttempt, MAX_DONE_DELIVERIES, MAX_PENDING_DELIVERIES, notifiedKey, type WebhookLedger } from './webhooks';

const alert = { id: 'overdue:t1', kind: 'overdue', subject: 't1', since: '2024-04-02T17:00:00.000Z', name: 'T1', lead: 'a' } as const;
type Body = Omit<WebhookQueued, 'id' | 'unit' | 'at'> | Omit<WebhookAttempted, 'id' | 'unit' | 'at'> | Omit<WebhookResult, 'id' | 'unit' | 'at'>;

function feed(ledger: WebhookLedger, entries: [string, string, Body][]): WebhookLedger {
  entries.forEach(([id, at, body], i) => {
    const event = { id, unit: '_system', at, seq: i + 1, receivedAt: at, by: 'server', ...body } as (WebhookQueued | WebhookAttempted | WebhookResult) & StoredEvent;
    applyWebhookEvent(ledger, event, new Date(at).toISOString());
  });
  return ledger;
}
const queued = (event: WebhookQueued['event'] = 'alert.fired'): Body => ({ type: 'webhook.queued', webhook: 'ops', event, alert });
const T0 = '2024-04-02T18:00:00.000Z';

describe('webhook deliveries in the log', () => {
  it('queues a delivery due at once and remembers the firing it notified; its clearing forgets it', () => {
    const ledger = feed(createLedger(), [['d1', T0, queued()]]);
    expect(ledger.pending.d1).toMatchObject({ attempts: 0, outcome: 'pending', nextAt: T0 });
    expect(ledger.notified[notifiedKey('ops', 'overdue:t1')]).toBe(alert.since);
    expect(dueAttempt(ledger.pending.d1!, Date.parse(T0), 30_000)).toBe(1);
    feed(ledger, [['d2', T0, queued('alert.cleared')]]);
    expect(ledger.notified).toEqual({});
  });

  it('holds a claimed attempt until its result, schedules the next after a failure, finishes on delivery', () => {
    const ledger = feed(createLedger(), [
      ['d1', T0, queued()],
      ['d1.a1', '2024-04-02T18:00:01Z', { type: 'webhook.attempted', delivery: 'd1', attempt: 1 }],
    ]);
    const d = ledger.pending.d1!;
    expect(dueAttempt(d, Date.parse('2024-04-02T18:00:02Z'), 30_000)).toBeNull();
    feed(ledger, [['d1.r1', '2024-04-02T18:00:02Z', { type: 'webhook.result', delivery: 'd1', attempt: 1, outcome: 'failed', status: 500, nextAt: '2024-04-02T18:00:12Z' }]]);
    expect(d).toMatchObject({ attempts: 1, claimedAt: null, lastStatus: 500, nextAt: '2024-04-02T18:00:12.000Z' });
    expect(dueAttempt(d, Date.parse('2024-04-02T18:00:11Z'), 30_000)).toBeNull();
    expect(dueAttempt(d, Date.parse('2024-04-02T18:00:12Z'), 30_000)).toBe(2);
    feed(ledger, [
      ['d1.a2', '2024-04-02T18:00:12Z', { type: 'webhook.attempted', delivery: 'd1', attempt: 2 }],
      ['d1.r2', '2024-04-02T18:00:13Z', { type: 'webhook.result', delivery: 'd1', attempt: 2, outcome: 'delivered', status: 204 }],
    ]);
    expect(ledger.pending).toEqual({});
    expect(ledger.done.at(-1)).toMatchObject({ id: 'd1', outcome: 'delivered', lastStatus: 204, attempts: 2, nextAt: null });
    expect(ledger.stats.ops).toMatchObject({ delivered: 1, failedAttempts: 1, lastStatus: 204, lastOutcome: 'delivered' });
  });

  it('lets another attempt be claimed once a claim has gone without a result for the stale time', () => {
    const ledger = feed(createLedger(), [
      ['d1', T0, queued()],
      ['d1.a1', T0, { type: 'webhook.attempted', delivery: 'd1', attempt: 1 }],
    ]);
    expect(dueAttempt(ledger.pending.d1!, Date.parse(T0) + 29_999, 30_000)).toBeNull();
    expect(dueAttempt(ledger.pending.d1!, Date.parse(T0) + 30_000, 30_000)).toBe(2);
  });

  it('ignores a claim of an attempt already made, and a late failure of a superseded attempt', () => {
    const ledger = feed(createLedger(), [
      ['d1', T0, queued()],
      ['d1.a1', T0, { type: 'webhook.attempted', delivery: 'd1', attempt: 1 }],
      ['d1.a2', T0, { type: 'webhook.attempted', delivery: 'd1', attempt: 2 }],
      ['d1.a1again', T0, { type: 'webhook.attempted', delivery: 'd1', attempt: 1 }],
      ['d1.r1', T0, { type: 'webhook.result', delivery: 'd1', attempt: 1, outcome: 'failed', status: 500 }],
    ]);
    expect(ledger.pending.d1).toMatchObject({ attempts: 2, claimedAt: T0, lastStatus: null });
  });

  it('keeps at most MAX_PENDING_DELIVERIES unfinished, giving up the oldest, and the last MAX_DONE_DELIVERIES finished', () => {
    const entries: [string, string, Body][] = [];
    for (let i = 0; i < MAX_PENDING_DELIVERIES + 60; i++) entries.push([`d${i}`, T0, { ...queued(), alert: { ...alert, id: `overdue:t${i}` } } as Body]);
    const ledger = feed(createLedger(), entries);
    expect(Object.keys(ledger.pending)).toHaveLength(MAX_PENDING_DELIVERIES);
    expect(ledger.pending.d0).toBeUndefined();
    expect(ledger.done).toHaveLength(MAX_DONE_DELIVERIES);
    expect(ledger.done.at(-1)).toMatchObject({ id: 'd59', outcome: 'abandoned' });
    expect(ledger.stats.ops?.abandoned).toBe(60);
  });
});
