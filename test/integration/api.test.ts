import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '@shared/time';
import { api, demoConfig, issueToken, noteEvent, startServer, type TestServer } from '../helpers/server';
import { dropPrefix, testPrefix } from '../helpers/redis';

const prefix = testPrefix('api');
let server: TestServer;
let base: string;
let dic: string;
let viewer: string;
let operator: string;
/** The server's clock: real time, moved on by the tests that need time to pass between two writes. */
let skew = 0;
const clock = { now: () => Date.now() + skew, rate: 1, simulated: false };

const report = (overrides: Record<string, unknown> = {}) => ({
  id: `r-${Math.random().toString(36).slice(2)}`,
  type: 'indicator.reported',
  unit: 'vinh',
  at: '2024-04-02T14:00:00+07:00',
  indicator: 'dossiers_online',
  value: 10,
  period: '2024-04-02',
  ...overrides,
});

beforeAll(async () => {
  server = await startServer({ prefix, clock });
  base = server.url;
  dic = (await issueToken(base, 'unit', 'dic')).token;
  viewer = (await issueToken(base, 'viewer')).token;
  operator = (await issueToken(base, 'operator')).token;
});
afterAll(async () => {
  await server.close();
  await dropPrefix(prefix);
});

async function logLength(): Promise<number> {
  const res = await api(base, '/api/v1/state');
  return res.body.seq as number;
}

describe('writing events', () => {
  it('stores one event, answers 202 with its seq, and shows it in the log and the state', async () => {
    // Counters total over the current year in the province's time zone (UTC+7), so the report is for its today.
    const event = report({ value: 42, scope: 'vinh', period: localDay(Date.now(), demoConfig.province.timeZone) });
    const res = await api(base, '/api/v1/events', { body: event });
    expect(res.status).toBe(202);
    const accepted = res.body.accepted as { id: string; seq: number }[];
    expect(accepted).toEqual([{ id: event.id, seq: expect.any(Number) }]);
    expect(res.body.duplicates).toEqual([]);
    const seq = accepted[0]!.seq;
    const page = await api(base, `/api/v1/events?after=${seq - 1}&limit=1`);
    expect(page.body.events).toEqual([{ ...event, seq, receivedAt: expect.any(String), by: 'bootstrap-admin' }]);
    expect(page.body.next).toBe(seq);
    const state = await api(base, '/api/v1/state');
    const indicators = (state.body.state as { indicators: Record<string, { byScope: Record<string, { value: number }> }> }).indicators;
    expect(indicators.dossiers_online?.byScope.vinh?.value).toBe(42);
  });

  it('answers a retried batch with the first seqs as duplicates and stores nothing twice', async () => {
    const batch = { events: [noteEvent(), noteEvent()] };
    const first = await api(base, '/api/v1/events', { body: batch });
    const before = await logLength();
    const again = await api(base, '/api/v1/events', { body: batch });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: [], duplicates: first.body.accepted });
    expect(await logLength()).toBe(before);
  });

  it('refuses an id reused with other content with 409, naming the event, and stores none of the batch', async () => {
    const original = noteEvent('dic', 'first');
    await api(base, '/api/v1/events', { body: original });
    const before = await logLength();
    const res = await api(base, '/api/v1/events', { body: { events: [noteEvent(), { ...original, text: 'changed' }] } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'id_conflict', details: [{ path: 'events.1.id' }] });
    expect(await logLength()).toBe(before);
  });

  it('refuses a batch with one invalid event with 400, naming the event and field, and stores nothing', async () => {
    const before = await logLength();
    const events = [report(), report(), report(), report({ value: 'ten' })];
    const res = await api(base, '/api/v1/events', { body: { events } });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('invalid_event');
    expect(res.body.error?.details).toEqual([{ path: 'events.3.value', message: expect.any(String), code: 'invalid_type', params: { expected: 'number' } }]);
    expect(await logLength()).toBe(before);
  });

  it.each([
    ['an unknown indicator', { indicator: 'nope' }, 'indicator'],
    ['an unknown unit', { unit: 'atlantis' }, 'unit'],
    ['an unknown scope', { scope: 'atlantis' }, 'scope'],
    ['a negative count', { value: -1 }, 'value'],
    ['a ratio written directly', { indicator: 'online_rate' }, 'indicator'],
    ['a time too far in the future', { at: new Date(Date.now() + 3_600_000).toISOString() }, 'at'],
    ['a time without offset', { at: '2024-04-02T14:00:00' }, 'at'],
    ['a period that is not a day', { period: '2024-13-45' }, 'period'],
    ['an id with a space', { id: 'a b' }, 'id'],
    ['an id of 101 characters', { id: 'x'.repeat(101) }, 'id'],
    ['an extra field', { colour: 'red' }, ''],
    ['an unknown type', { type: 'indicator.deleted' }, 'type'],
  ])('refuses %s with 400 and the field path', async (_name, overrides, field) => {
    const res = await api(base, '/api/v1/events', { body: report(overrides) });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('invalid_event');
    expect(res.body.error?.details?.[0]?.path).toBe(field || '(body)');
  });

  it('accepts an id of exactly 100 characters', async () => {
    const res = await api(base, '/api/v1/events', { body: report({ id: 'y'.repeat(100) }) });
    expect(res.status).toBe(202);
  });

  it('refuses bodies that are not events: 400 for bad JSON or shapes, 413 over 1 MiB, 415 for other types', async () => {
    expect((await api(base, '/api/v1/events', { rawBody: '{"id": ' })).body.error?.code).toBe('invalid_request');
    expect((await api(base, '/api/v1/events', { body: [report()] })).status).toBe(400);
    expect((await api(base, '/api/v1/events', { body: { events: [] } })).body.error?.details?.[0]?.path).toBe('events');
    const huge = await api(base, '/api/v1/events', { rawBody: JSON.stringify({ events: [report({ note: 'x'.repeat(1_100_000) })] }) });
    expect([huge.status, huge.body.error?.code]).toEqual([413, 'payload_too_large']);
    const text = await api(base, '/api/v1/events', { rawBody: 'hello', contentType: 'text/plain' });
    expect([text.status, text.body.error?.code]).toEqual([415, 'unsupported_media_type']);
    const tooMany = await api(base, '/api/v1/events', { body: { events: Array.from({ length: 501 }, () => report()) } });
    expect([tooMany.status, tooMany.body.error?.details?.[0]?.path]).toEqual([400, 'events']);
  });
});

describe('who may write what', () => {
  it('needs a valid token: 401 without one or with a wrong one', async () => {
    for (const token of [null, 'ioc_not-a-real-token']) {
      const res = await api(base, '/api/v1/events', { body: noteEvent(), token });
      expect([res.status, res.body.error?.code]).toEqual([401, 'unauthorized']);
    }
    expect((await api(base, '/api/v1/state', { token: null })).status).toBe(401);
  });

  it('lets a unit write for itself and its own items, and refuses others with 403 and the field', async () => {
    const own = await api(base, '/api/v1/events', { token: dic, body: report({ unit: 'dic', scope: 'dic' }) });
    expect(own.status).toBe(202);
    const progress = await api(base, '/api/v1/events', { token: dic, body: { id: 'p1', type: 'progress.reported', unit: 'dic', at: new Date().toISOString(), item: 'm01', status: 'in_progress', percent: 55 } });
    expect(progress.status).toBe(202);
    const cases: [Record<string, unknown>, string][] = [
      [report({ unit: 'vinh' }), 'unit'],
      [report({ unit: 'dic', scope: 'vinh' }), 'scope'],
      [{ id: 'p2', type: 'progress.reported', unit: 'dic', at: new Date().toISOString(), item: 't01', status: 'done' }, 'item'],
      [{ id: 'b1', type: 'briefing.marked', unit: 'dic', at: new Date().toISOString(), title: 'Weekly' }, 'type'],
    ];
    for (const [event, field] of cases) {
      const res = await api(base, '/api/v1/events', { token: dic, body: event });
      expect([res.status, res.body.error?.code, res.body.error?.details?.[0]?.path]).toEqual([403, 'forbidden', field]);
    }
  });

  it('lets an operator post notes, acknowledgements and briefing marks only, and a viewer nothing', async () => {
    const now = new Date().toISOString();
    expect((await api(base, '/api/v1/events', { token: operator, body: { id: 'b2', type: 'briefing.marked', unit: 'ppc-office', at: now, title: 'Weekly' } })).status).toBe(202);
    expect((await api(base, '/api/v1/events', { token: operator, body: { id: 'a1', type: 'alert.acknowledged', unit: 'ppc-office', at: now, alert: 'overdue:t03' } })).status).toBe(202);
    expect((await api(base, '/api/v1/events', { token: operator, body: report() })).status).toBe(403);
    expect((await api(base, '/api/v1/events', { token: viewer, body: noteEvent() })).status).toBe(403);
    expect((await api(base, '/api/v1/state', { token: viewer })).status).toBe(200);
  });

  it('refuses an acknowledgement of an alert that cannot exist', async () => {
    const res = await api(base, '/api/v1/events', { token: operator, body: { id: 'a2', type: 'alert.acknowledged', unit: 'ppc-office', at: new Date().toISOString(), alert: 'overdue:t99' } });
    expect([res.status, res.body.error?.details?.[0]?.path]).toEqual([400, 'alert']);
  });
});

describe('tokens', () => {
  it('issues a token shown once, lists tokens without secrets, and revokes at once', async () => {
    const issued = await api(base, '/api/v1/tokens', { body: { role: 'unit', unit: 'health', label: 'Health HIS' } });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ id: expect.any(String), token: expect.stringMatching(/^ioc_[A-Za-z0-9_-]{43}$/), role: 'unit', unit: 'health', label: 'Health HIS' });
    const list = await api(base, '/api/v1/tokens');
    const listed = (list.body.tokens as Record<string, unknown>[]).find((t) => t.id === issued.body.id);
    expect(listed).toMatchObject({ role: 'unit', unit: 'health', label: 'Health HIS' });
    expect(JSON.stringify(list.body)).not.toContain(issued.body.token as string);
    const token = issued.body.token as string;
    expect((await api(base, '/api/v1/state', { token })).status).toBe(200);
    expect((await api(base, `/api/v1/tokens/${issued.body.id as string}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(base, '/api/v1/state', { token })).status).toBe(401);
    expect((await api(base, `/api/v1/tokens/${issued.body.id as string}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses token management to other roles and bad token requests', async () => {
    expect((await api(base, '/api/v1/tokens', { token: operator })).status).toBe(403);
    expect((await api(base, '/api/v1/tokens', { token: dic, body: { role: 'admin', label: 'x' } })).status).toBe(403);
    const noUnit = await api(base, '/api/v1/tokens', { body: { role: 'unit', label: 'x' } });
    expect([noUnit.status, noUnit.body.error?.details?.[0]?.path]).toEqual([400, 'unit']);
    const badUnit = await api(base, '/api/v1/tokens', { body: { role: 'unit', unit: 'atlantis', label: 'x' } });
    expect([badUnit.status, badUnit.body.error?.details?.[0]?.path]).toEqual([400, 'unit']);
  });
});

describe('reading', () => {
  it('gives the state as it was at a past seq and a past time', async () => {
    const first = await api(base, '/api/v1/events', { body: report({ unit: 'nam-dan', value: 7, period: '2024-04-01' }) });
    const seq = (first.body.accepted as { seq: number }[])[0]!.seq;
    // A minute passes on the server's clock: `between` is after the first receipt and before the second.
    skew += 60_000;
    const between = new Date(clock.now() - 30_000).toISOString();
    await api(base, '/api/v1/events', { body: report({ unit: 'nam-dan', value: 9, period: '2024-04-01' }) });
    type S = { seq: number; state: { counters: Record<string, Record<string, Record<string, number>>> } };
    const atSeq = (await api(base, `/api/v1/state?seq=${seq}`)).body as unknown as S;
    expect(atSeq.seq).toBe(seq);
    expect(atSeq.state.counters.dossiers_online?.['nam-dan']?.['2024-04-01']).toBe(7);
    const atTime = (await api(base, `/api/v1/state?at=${encodeURIComponent(between)}`)).body as unknown as S;
    expect(atTime.seq).toBe(seq);
    const now = (await api(base, '/api/v1/state')).body as unknown as S;
    expect(now.state.counters.dossiers_online?.['nam-dan']?.['2024-04-01']).toBe(9);
  });

  it('refuses bad read queries with 400 and the parameter', async () => {
    const bad = await api(base, '/api/v1/events?after=-1&limit=5000');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.map((d) => d.path).sort()).toEqual(['query.after', 'query.limit']);
    expect((await api(base, '/api/v1/state?at=yesterday')).status).toBe(400);
    expect((await api(base, '/api/v1/nothing-here')).body.error?.code).toBe('not_found');
  });

  it('serves config, OpenAPI, health, readiness and metrics', async () => {
    const config = await api(base, '/api/v1/config');
    expect((config.body.units as unknown[]).length).toBe(36);
    const openapi = await api(base, '/api/v1/openapi.json', { token: null });
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths as object)).toContain('/api/v1/events');
    expect((await api(base, '/healthz', { token: null })).status).toBe(200);
    expect((await api(base, '/readyz', { token: null })).body).toMatchObject({ ready: true, store: 'reachable' });
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/ioc_events_stored_total \d+/);
    expect(metrics).toContain('ioc_sockets_connected');
  });

  it('sends security headers', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('limits and outages', () => {
  it('answers 429 with Retry-After once a token exceeds its rate', async () => {
    const limited = await startServer({ prefix: testPrefix('api-rate'), rateLimitPerSecond: 5 });
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => api(limited.url, '/api/v1/state')));
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.body.error?.code).toBe('rate_limited');
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('answers writes with 503 and Retry-After, and /readyz 503, while Redis cannot be reached', async () => {
    const down = await startServer({ prefix: testPrefix('api-down'), redisUrl: 'redis://127.0.0.1:1' });
    try {
      const res = await api(down.url, '/api/v1/events', { body: noteEvent() });
      // The bootstrap admin token is checked without the store, so the write itself meets the outage.
      expect([res.status, res.body.error?.code]).toEqual([503, 'store_unavailable']);
      expect(res.headers.get('retry-after')).toBe('1');
      expect((await api(down.url, '/readyz', { token: null })).status).toBe(503);
      expect((await api(down.url, '/healthz', { token: null })).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});
