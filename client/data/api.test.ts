import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogOf } from '@shared/catalog';
import type { StoredEvent } from '@shared/events';
import { createProjection, derive } from '@shared/projection';
import { smallProvince } from '../../test/fixtures/province';
import { json, standInServer, type StandIn } from '../../test/fixtures/standInServer';
import { Api } from './api';
import { ApiError, call } from '@shared/call';
import { postMark } from '../screens/briefing/marks';

const config = smallProvince();
const catalog = catalogOf(config);
const event: StoredEvent = { id: 'n1', type: 'note.posted', unit: 'dic', at: '2024-04-02T07:00:00Z', text: 'x', severity: 'info', seq: 1, receivedAt: '2024-04-02T07:00:00Z', by: 't' };

let server: StandIn | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A stand-in that records the Authorization header and answers each path as `routes` says. */
async function serve(routes: Record<string, (auth: string | undefined) => [number, unknown, Record<string, string>?]>) {
  server = await standInServer({
    http: (req, res) => {
      const route = routes[(req.url ?? '').split('?')[0]!];
      if (!route) return json(res, 404, { error: { code: 'not_found', message: 'no route' } });
      const [status, body, headers] = route(req.headers.authorization);
      if (typeof body === 'string') {
        res.writeHead(status, headers ?? {});
        return res.end(body);
      }
      json(res, status, body, headers);
    },
  });
  return new Api({ token: 'secret', baseUrl: server.url });
}

describe('Api', () => {
  it('sends the token, parses the config and reads its version from the header', async () => {
    let seen: string | undefined;
    const api = await serve({ '/api/v1/config': (auth) => ((seen = auth), [200, config, { 'x-config-version': 'v42' }]) });
    const answer = await api.config();
    expect(seen).toBe('Bearer secret');
    expect(answer.version).toBe('v42');
    expect(answer.config.units.map((u) => u.id)).toEqual(['dic', 'a', 'b']);
  });

  it("turns the contract's error body into its code, with Retry-After in ms", async () => {
    const api = await serve({ '/api/v1/config': () => [503, { error: { code: 'store_unavailable', message: 'down' } }, { 'retry-after': '2' }] });
    const err = await api.config().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'store_unavailable', status: 503, retryAfterMs: 2_000, message: 'down' });
  });

  it('gives unauthorized for a 401 without the contract body, bad_answer for what does not parse, network when nothing answers', async () => {
    const api = await serve({ '/api/v1/config': () => [401, 'nope', { 'content-type': 'text/plain' }], '/api/v1/events': () => [200, { epoch: 'e', events: [{ seq: 'x' }], next: 0 }] });
    await expect(api.config()).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    await expect(api.events(0)).rejects.toMatchObject({ code: 'bad_answer' });
    await expect(new Api({ token: 't', baseUrl: 'http://127.0.0.1:1' }).config()).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('asks for the state at a seq or a time, and reads a page of events', async () => {
    const queries: string[] = [];
    const state = derive(catalog, createProjection(catalog), Date.parse('2024-04-02T07:00:00Z'));
    server = await standInServer({
      http: (req, res) => {
        queries.push(req.url ?? '');
        if (req.url?.startsWith('/api/v1/state')) return json(res, 200, { epoch: 'e', seq: 0, asOf: null, state });
        json(res, 200, { epoch: 'e', events: [event], next: 1 });
      },
    });
    const api = new Api({ token: 't', baseUrl: server.url });
    expect((await api.state({ seq: 3 })).epoch).toBe('e');
    await api.state({ at: '2024-04-02T14:00:00+07:00' });
    await api.state();
    expect((await api.events(0, 10)).events).toEqual([event]);
    expect(queries).toEqual(['/api/v1/state?seq=3', '/api/v1/state?at=2024-04-02T14%3A00%3A00%2B07%3A00', '/api/v1/state', '/api/v1/events?after=0&limit=10']);
  });

  it('reads a 429 without a body as rate_limited, with its Retry-After, in every call', async () => {
    const api = await serve({ '/api/v1/config': () => [429, '', { 'retry-after': '3' }] });
    await expect(api.config()).rejects.toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 3_000 });
    await expect(call(z.object({}), { token: 't', baseUrl: server!.url }, { path: '/api/v1/config' })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it("keeps the contract's details and refuses an answer its schema does not accept", async () => {
    const details = [{ path: 'events.0.value', message: 'must not be negative' }];
    await serve({ '/api/v1/events': () => [400, { error: { code: 'invalid_event', message: 'bad', details } }], '/api/v1/me': () => [200, { who: 1 }] });
    const options = { token: 't', baseUrl: server!.url };
    await expect(call(z.object({}), options, { method: 'POST', path: '/api/v1/events', body: {} })).rejects.toMatchObject({ code: 'invalid_event', details });
    await expect(call(z.object({ tokenId: z.string() }), options, { path: '/api/v1/me' })).rejects.toMatchObject({ code: 'bad_answer' });
  });
});

describe('postMark', () => {
  it('sends the same id and time when retried within the minute, so the store keeps one mark', async () => {
    const sent: unknown[] = [];
    server = await standInServer({
      http: (req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          sent.push(JSON.parse(body));
          json(res, 202, { accepted: sent.length === 1 ? [{ id: 'x', seq: 7 }] : [], duplicates: sent.length === 1 ? [] : [{ id: 'x', seq: 7 }] });
        });
      },
    });
    const at = Date.parse('2024-04-02T07:00:10Z');
    expect(await postMark('t', catalog, 'Giao ban', at, server.url)).toBe(7);
    expect(await postMark('t', catalog, 'Giao ban', at + 30_000, server.url)).toBe(7);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0]).toMatchObject({ type: 'briefing.marked', unit: 'dic', at: '2024-04-02T07:00:00.000Z', title: 'Giao ban' });
  });
});
