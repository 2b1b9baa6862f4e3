import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import { ErrorBodySchema } from '@shared/errors';
import { PROTOCOL_VERSION } from '@shared/protocol';
import { catalogOf } from '@shared/catalog';
import { EventSchema } from '@shared/events';
import { checkEvent } from '@shared/validate';
import { api, ADMIN_TOKEN, demoConfig, issueToken, startServer, type TestServer } from '../helpers/server';
import { dropPrefix, testPrefix } from '../helpers/redis';

const prefix = testPrefix('hostile');
let server: TestServer;
let tokens: Record<'operator' | 'unit' | 'viewer', string>;

beforeAll(async () => {
  server = await startServer({ prefix });
  tokens = {
    operator: (await issueToken(server.url, 'operator')).token,
    unit: (await issueToken(server.url, 'unit', 'dic')).token,
    viewer: (await issueToken(server.url, 'viewer')).token,
  };
});
afterAll(async () => {
  await server.close();
  await dropPrefix(prefix);
});

const valid = {
  id: 'hostile-base',
  type: 'indicator.reported',
  unit: 'dic',
  at: '2024-04-02T14:00:00+07:00',
  indicator: 'dossiers_online',
  value: 1,
  period: '2024-04-02',
};

/** Values that no event field accepts in that place, or that break it at its edges. */
const poison = fc.oneof(
  fc.constantFrom(null, true, [], {}, '', ' ', 'NaN', -1, -0.5, Infinity, -Infinity, Number.MAX_VALUE, '\u0000', '💥'.repeat(300), 'x'.repeat(101)),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.object({ maxDepth: 3 }),
  fc.constantFrom('2024-02-30', '2024-04-02T25:00:00+07:00', '9999-12-31T23:59:59+14:00', '0000-01-01', '2024-04-02T14:00:00', '1970-01-01T00:00:00Z'),
);
const fields = [...Object.keys(valid), 'scope', 'extra', '__proto__', 'constructor'];

/** A valid event with at least one field removed, replaced or added so that it can no longer be valid. */
const brokenEvent = fc
  .tuple(fc.constantFrom(...fields), fc.oneof(fc.constant('delete' as const), poison), fc.constantFrom(...fields), poison)
  .map(([field, value, second, secondValue]) => {
    const event: Record<string, unknown> = { ...valid, id: `h-${Math.random().toString(36).slice(2)}` };
    if (value === 'delete' && field !== 'scope' && field !== 'extra') delete event[field];
    else Object.defineProperty(event, field, { value: value === 'delete' ? 'gone' : value, enumerable: true, configurable: true, writable: true });
    if (second === 'extra' || second === '__proto__' || second === 'constructor') Object.defineProperty(event, second, { value: secondValue, enumerable: true });
    return event;
  })
  .filter((event) => !isAccidentallyValid(event));

/** A mutation can land on a value the field accepts (value 0, another unit's id): those are not hostile. */
function isAccidentallyValid(event: Record<string, unknown>): boolean {
  const parsed = EventSchema.safeParse(event);
  return parsed.success && checkEvent(catalog, parsed.data, Date.now()).length === 0;
}
const catalog = catalogOf(demoConfig);

const hostileBody = fc.oneof(
  brokenEvent.map((e) => JSON.stringify(e)),
  fc.array(brokenEvent, { minLength: 1, maxLength: 5 }).map((events) => JSON.stringify({ events: [{ ...valid, id: `ok-${Math.random()}` }, ...events] })),
  fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `{"events":${'['.repeat(depth)}1${']'.repeat(depth)}}`),
  fc.constantFrom('{"events":[]}', '{"events":null}', '{"events":{}}', `{"events":[${Array(501).fill('{}').join(',')}]}`, '{"value": NaN}', '{"value": 1e309}', '{'),
);

function expectContractError(res: { status: number; body: unknown }) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(ErrorBodySchema.safeParse(res.body).success).toBe(true);
}

async function logSeq(): Promise<number> {
  return (await api(server.url, '/api/v1/state')).body.seq as number;
}

describe('hostile input', () => {
  it('answers thousands of malformed writes with a contract 4xx and stores nothing', async () => {
    const before = await logSeq();
    const roles = [ADMIN_TOKEN, tokens.operator, tokens.unit, tokens.viewer];
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.constantFrom(...roles), fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'), async (body, token, contentType) => {
        const res = await api(server.url, '/api/v1/events', { rawBody: body, token, contentType });
        expectContractError(res);
      }),
      { numRuns: 2_000 },
    );
    expect(await logSeq()).toBe(before);
  }, 300_000);

  it('refuses a bad clock or a bad paste by field (at 0001-01-01, periods 0000-01-01 and 9999-12-31, NUL, RTL override, zero-width, lone surrogate) and stores text in NFC', async () => {
    const before = await logSeq();
    const now = new Date().toISOString();
    const refused = async (event: Record<string, unknown>, path: string, message: RegExp) => {
      const res = await api(server.url, '/api/v1/events', { token: tokens.unit, body: { unit: 'dic', at: now, ...event, id: `bad-${Math.random().toString(36).slice(2)}` } });
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('invalid_event');
      expect(res.body.error?.details).toEqual([{ path, message: expect.stringMatching(message), code: expect.any(String), params: expect.any(Object) }]);
    };
    const note = (text: string) => ({ type: 'note.posted', severity: 'info', text });
    await refused({ ...valid, at: '0001-01-01T00:00:00Z' }, 'at', /before 2020-01-01/);
    await refused({ ...valid, at: now, period: '0000-01-01' }, 'period', /before 2020-01-01/);
    await refused({ ...valid, at: now, period: '9999-12-31' }, 'period', /after today/);
    await refused(note('a\u0000b'), 'text', /control character \(U\+0000\)/);
    await refused(note('báo cáo\u202Efdp.exe'), 'text', /bidi/);
    await refused(note('Vi\u200Bnh'), 'text', /zero-width/);
    await refused(note('nửa \uD83D'), 'text', /unpaired surrogate/);
    expect(await logSeq()).toBe(before);

    const id = `nfc-${Date.now()}`;
    expect((await api(server.url, '/api/v1/events', { token: tokens.unit, body: { id, unit: 'dic', at: now, ...note('Nghe\u0323\u0302 An') } })).status).toBe(202);
    const stored = (await api(server.url, `/api/v1/events?after=${before}`)).body.events as { id: string; text?: string }[];
    expect(stored.find((e) => e.id === id)?.text).toBe('Nghệ An');
  });

  it('refuses bodies with invalid UTF-8, and huge bodies, with a contract 4xx', async () => {
    const before = await logSeq();
    const bad = Buffer.concat([Buffer.from('{"id":"u1","type":"note.posted","unit":"dic","at":"2024-04-02T14:00:00+07:00","severity":"info","text":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: bad });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    const huge = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: `{"a":"${'x'.repeat(5_000_000)}"}` });
    expect(huge.status).toBe(413);
    expect(await logSeq()).toBe(before);
  });

  it('answers hostile read queries and token requests with 200 or a contract 4xx, never a 5xx', async () => {
    const param = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('-0', '1e309', 'NaN', '9007199254740993', '2024-04-02T14:00:00Z', '0000-00-00T00:00:00Z', '%00', '[]'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/v1/state?at=', '/api/v1/state?seq=', '/api/v1/events?after=', '/api/v1/events?limit=', '/api/v1/state?foo='), param, async (path, value) => {
        const res = await api(server.url, `${path}${encodeURIComponent(value)}`);
        if (res.status !== 200) expectContractError(res);
      }),
      { numRuns: 500 },
    );
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 3 }), async (body) => {
        const res = await api(server.url, '/api/v1/tokens', { rawBody: JSON.stringify(body) ?? 'null' });
        if (res.status !== 201) expectContractError(res);
      }),
      { numRuns: 300 },
    );
    const strange = await api(server.url, `/api/v1/tokens/${encodeURIComponent('../../etc/passwd')}`, { method: 'DELETE' });
    expect(strange.status).toBe(404);
  }, 180_000);

  it('survives hostile socket handshakes and events, and keeps serving', async () => {
    const auth = fc.oneof(fc.anything({ maxDepth: 3 }), fc.record({ token: fc.oneof(fc.string(), fc.constant(ADMIN_TOKEN)), protocol: fc.oneof(fc.integer(), fc.constant(PROTOCOL_VERSION), fc.string()), epoch: fc.anything({ maxDepth: 1 }), seq: fc.anything({ maxDepth: 1 }) }));
    await fc.assert(
      fc.asyncProperty(auth, fc.array(fc.tuple(fc.constantFrom('resync', 'events', 'snapshot', 'x', '__proto__'), fc.anything({ maxDepth: 2 })), { maxLength: 5 }), async (handshake, emits) => {
        const socket = connectSocket(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: handshake as Record<string, unknown> });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => {
            for (const [name, payload] of emits) socket.emit(name, payload);
            setTimeout(resolve, 20);
          });
          socket.once('connect_error', (err) => {
            expect(['unauthorized', 'protocol_mismatch']).toContain(err.message);
            resolve();
          });
          // A handshake that is not even an object is dropped by Socket.IO itself.
          socket.once('disconnect', () => resolve());
          setTimeout(() => reject(new Error(`no answer to handshake ${JSON.stringify(handshake)}`)), 3_000);
        });
        socket.close();
      }),
      { numRuns: 200 },
    );
    expect((await api(server.url, '/healthz', { token: null })).status).toBe(200);
  }, 180_000);
});
