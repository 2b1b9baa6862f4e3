import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalEvent, SYSTEM_UNIT, type ReadEvent, type SystemEvent } from '@shared/events';
import type { StateView } from '@shared/projection';
import { contentHash } from '../../server/store/hash';
import { api, ADMIN_TOKEN, Display, issueToken, startServer, type TestServer } from '../helpers/server';
import { dropPrefix, testPrefix } from '../helpers/redis';

const prefix = testPrefix('authz');
let server: TestServer;
const who: Record<string, string | null> = {};

beforeAll(async () => {
  server = await startServer({ prefix });
  who.admin = ADMIN_TOKEN;
  who.operator = (await issueToken(server.url, 'operator')).token;
  who['unit:dic'] = (await issueToken(server.url, 'unit', 'dic')).token;
  who['unit:vinh'] = (await issueToken(server.url, 'unit', 'vinh')).token;
  who.viewer = (await issueToken(server.url, 'viewer')).token;
  const revoked = await issueToken(server.url, 'admin');
  await api(server.url, `/api/v1/tokens/${revoked.id}`, { method: 'DELETE' });
  who.revoked = revoked.token;
  who.none = null;
});
afterAll(async () => {
  await server.close();
  await dropPrefix(prefix);
});

const at = () => new Date().toISOString();
const base = (unit: string) => ({ id: `authz-${randomUUID()}`, unit, at: at() });
const WRITES: Record<string, () => Record<string, unknown>> = {
  'report dic': () => ({ ...base('dic'), type: 'indicator.reported', indicator: 'dossiers_online', value: 1, period: '2024-04-02' }),
  'report vinh': () => ({ ...base('vinh'), type: 'indicator.reported', indicator: 'dossiers_online', value: 1, period: '2024-04-02' }),
  'report dic about vinh': () => ({ ...base('dic'), type: 'indicator.reported', indicator: 'dossiers_online', value: 1, period: '2024-04-02', scope: 'vinh' }),
  'progress m01 by dic': () => ({ ...base('dic'), type: 'progress.reported', item: 'm01', status: 'in_progress', percent: 40 }),
  'progress t01 by dic': () => ({ ...base('dic'), type: 'progress.reported', item: 't01', status: 'in_progress', percent: 40 }),
  'note dic': () => ({ ...base('dic'), type: 'note.posted', text: 'x', severity: 'info' }),
  'ack by dic': () => ({ ...base('dic'), type: 'alert.acknowledged', alert: 'overdue:t03' }),
  'briefing by dic': () => ({ ...base('dic'), type: 'briefing.marked', title: 'Weekly briefing' }),
  'steer all walls': () => ({ ...base('dic'), type: 'display.command', target: 'all', action: 'pause' }),
  'server bookkeeping': () => ({ ...base('dic'), type: 'webhook.attempted', delivery: 'd1', attempt: 1 }),
};
const READS = ['/api/v1/state', '/api/v1/events?after=0&limit=5', '/api/v1/config', '/api/v1/state?seq=1'];

// Expected status for each role and write; reads are 200 for every valid token.
const A = 202;
const F = 403;
const U = 401;
const B = 400;
const MATRIX: Record<string, number[]> = {
  //            rep dic  rep vinh  dic@vinh  m01  t01  note  ack  brief  steer  server
  admin: /*   */ [A, A, A, A, A, A, A, A, A, B],
  operator: /**/ [F, F, F, F, F, A, A, A, A, B],
  'unit:dic': [A, F, F, A, F, A, F, F, F, B],
  'unit:vinh': [F, A, F, F, F, F, F, F, F, B],
  viewer: /*  */ [F, F, F, F, F, F, F, F, F, B],
  revoked: /* */ [U, U, U, U, U, U, U, U, U, U],
  none: /*    */ [U, U, U, U, U, U, U, U, U, U],
};

describe('authorization matrix', () => {
  it.each(Object.keys(MATRIX))('%s: every event type, every read, and token management', async (role) => {
    const token = who[role] ?? null;
    const writes = Object.entries(WRITES);
    const got: number[] = [];
    for (const [, make] of writes) got.push((await api(server.url, '/api/v1/events', { token, body: make() })).status);
    expect(Object.fromEntries(writes.map(([name], i) => [name, got[i]]))).toEqual(Object.fromEntries(writes.map(([name], i) => [name, MATRIX[role]![i]])));

    const valid = token !== null && role !== 'revoked';
    for (const path of READS) expect([path, (await api(server.url, path, { token })).status]).toEqual([path, valid ? 200 : 401]);

    const admin = role === 'admin';
    const denied = valid ? 403 : 401;
    const created = await api(server.url, '/api/v1/tokens', { token, body: { role: 'viewer', label: `by ${role}` } });
    expect(created.status).toBe(admin ? 201 : denied);
    expect((await api(server.url, '/api/v1/tokens', { token })).status).toBe(admin ? 200 : denied);
    const victim = await issueToken(server.url, 'viewer');
    expect((await api(server.url, `/api/v1/tokens/${victim.id}`, { method: 'DELETE', token })).status).toBe(admin ? 204 : denied);

    for (const open of ['/api/v1/openapi.json', '/healthz', '/readyz', '/metrics']) expect((await api(server.url, open, { token })).status).toBe(200);
  });
});

/** A webhook delivery queued as the dispatcher writes it: server bookkeeping straight into the store. */
async function queueDelivery(id: string): Promise<void> {
  const event: SystemEvent = {
    id,
    type: 'webhook.queued',
    unit: SYSTEM_UNIT,
    at: new Date().toISOString(),
    webhook: 'ops',
    event: 'alert.fired',
    alert: { id: 'indicator_bad:online_rate', kind: 'indicator_bad', subject: 'online_rate', since: new Date().toISOString(), name: 'Online rate' },
  };
  await server.store.append([{ event, by: 'system', hash: contentHash(canonicalEvent(event)) }], Date.now());
}

const REDACTED_KEYS = ['at', 'receivedAt', 'seq', 'type'];
/** For each role: reads token.* in full, reads webhook.* in full, and GET /api/v1/audit's status (unit: its own writes). */
const READ_MATRIX: Record<string, { tokens: boolean; webhooks: boolean; audit: number }> = {
  admin: { tokens: true, webhooks: true, audit: 200 },
  operator: { tokens: false, webhooks: true, audit: 403 },
  'unit:dic': { tokens: false, webhooks: false, audit: 200 },
  viewer: { tokens: false, webhooks: false, audit: 403 },
};

/** Which token.* and webhook.* events came in full and which redacted, and whether seqs have no gap. */
function shape(events: ReadEvent[]): { tokens: string[]; webhooks: string[]; gapFree: boolean } {
  const of = (prefix: string) => [...new Set(events.filter((e) => e.type.startsWith(prefix)).map((e) => (Object.keys(e).sort().join(',') === REDACTED_KEYS.join(',') ? 'redacted' : 'id' in e && e.id ? 'full' : 'other')))];
  return { tokens: of('token.'), webhooks: of('webhook.'), gapFree: events.every((e, i) => i === 0 || e.seq === events[i - 1]!.seq + 1) };
}

describe('what each role reads of operator data (token changes, webhook ledger)', () => {
  it.each(Object.keys(READ_MATRIX))('%s: the events API, the state, a snapshot, live events and the audit', async (role) => {
    const expected = READ_MATRIX[role]!;
    const token = who[role]!;
    await queueDelivery(`authz-delivery-${randomUUID()}`);
    const want = { tokens: [expected.tokens ? 'full' : 'redacted'], webhooks: [expected.webhooks ? 'full' : 'redacted'], gapFree: true };

    const page = await api(server.url, '/api/v1/events?after=0&limit=1000', { token });
    const events = page.body.events as ReadEvent[];
    expect(events[0]?.seq).toBe(1);
    expect(shape(events)).toEqual(want);

    const head = events.at(-1)!.seq;
    for (const path of ['/api/v1/state', `/api/v1/state?seq=${head}`, `/api/v1/state?seq=${head}`, `/api/v1/state?at=${encodeURIComponent(new Date().toISOString())}`]) {
      await server.app.follower.catchUp();
      const state = (await api(server.url, path, { token })).body.state as StateView & { tokens?: unknown };
      expect({ path, ledger: Object.keys(state.webhooks.pending).length > 0, tokens: state.tokens }).toEqual({ path, ledger: expected.webhooks, tokens: undefined });
    }

    const display = new Display(server.url, token);
    try {
      await display.until(() => display.snapshots.length === 1);
      const snapshot = display.snapshots[0]!.state as StateView & { tokens?: unknown };
      expect({ ledger: Object.keys(snapshot.webhooks.pending).length > 0, tokens: snapshot.tokens }).toEqual({ ledger: expected.webhooks, tokens: undefined });
      // Live: a token issued and a delivery queued while the socket is open.
      await issueToken(server.url, 'viewer');
      await queueDelivery(`authz-live-${randomUUID()}`);
      await display.until(() => display.received.some((e) => e.type === 'webhook.queued'));
      expect(shape(display.received)).toEqual(want);
      expect(display.gaps).toBe(0);
    } finally {
      display.close();
    }

    const audit = await api(server.url, '/api/v1/audit?limit=500', { token });
    expect(audit.status).toBe(expected.audit);
    if (role === 'unit:dic') {
      const rows = (audit.body.entries as { event: { unit: string; type: string } }[]).map((r) => r.event);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((e) => e.unit !== 'dic' || e.type.startsWith('token.') || e.type.startsWith('webhook.'))).toEqual([]);
    }
  });
});
