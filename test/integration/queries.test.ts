import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPrefix, testPrefix } from '../helpers/redis';
import { api, noteEvent, startServer, type TestServer } from '../helpers/server';

const prefix = testPrefix('queries');
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ prefix });
  expect((await api(server.url, '/api/v1/events', { body: { events: [noteEvent(), noteEvent()] } })).status).toBe(202);
});
afterAll(async () => {
  await server.close();
  await dropPrefix(prefix);
});

/** Every documented query parameter of every read endpoint (see /api/v1/openapi.json). */
const PARAMETERS: [string, string][] = [
  ['/api/v1/state', 'at'],
  ['/api/v1/state', 'seq'],
  ['/api/v1/events', 'after'],
  ['/api/v1/events', 'limit'],
  ...['after', 'before', 'limit', 'unit', 'token', 'type', 'from', 'to'].map((p): [string, string] => ['/api/v1/audit', p]),
];
/** The contract's 4xx answers to a read. */
const CONTRACT_4XX = [400, 404];

describe('strict query parameters', () => {
  it.each([
    ['/api/v1/state?seq=', 400],
    ['/api/v1/state?seq=0x10', 400],
    ['/api/v1/state?seq=1e3', 400],
    ['/api/v1/state?seq=-1', 400],
    ['/api/v1/state?seq=%201', 400],
    ['/api/v1/state?seq=1&seq=2', 400],
    ['/api/v1/events?after=0x10', 400],
    ['/api/v1/events?after=1e3', 400],
    ['/api/v1/events?limit=', 400],
    ['/api/v1/state?at=0999-12-31T00:00:00Z', 400],
    // Within the config's since (2020-01-01 by default) and now, as an event's time is.
    ['/api/v1/state?at=2019-06-01T00:00:00Z', 400],
    ['/api/v1/state?at=2999-01-01T00:00:00Z', 400],
    ['/api/v1/state?at=2024-04-02T07%3A00%3A00%2B07%3A00', 200],
    ['/api/v1/audit?from=0999-12-31T00:00:00Z', 400],
    ['/api/v1/audit?after=1e1', 400],
    ['/api/v1/state?seq=1', 200],
    ['/api/v1/events?after=1&limit=1', 200],
  ])('%s answers %i', async (path, status) => {
    const res = await api(server.url, path);
    expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status, code: status === 400 ? 'invalid_request' : undefined });
  });

  it('answers any string in any documented query parameter of any read endpoint with 200 or a contract 4xx, never 5xx', async () => {
    for (const [path, name] of PARAMETERS) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '0', '1', '0x10', '1e3', '-0', '9'.repeat(40), '2024-04-02T00:00:00Z', '0999-12-31T00:00:00Z', '+275760-09-13T00:00:00Z')), async (value) => {
          const res = await api(server.url, `${path}?${name}=${encodeURIComponent(value)}`);
          expect({ path, name, value, ok: res.status === 200 || CONTRACT_4XX.includes(res.status) }).toEqual({ path, name, value, ok: true });
        }),
        { numRuns: 40 },
      );
    }
  }, 120_000);
});
