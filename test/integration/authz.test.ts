import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ADMIN_TOKEN, issueToken, startServer, type TestServer } from '../helpers/server';
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
