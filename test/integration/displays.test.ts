import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type DisplayHello, type ServerToClientEvents } from '@shared/protocol';
import { EmbeddedStore } from '../../server/store/embedded';
import { RedisStore } from '../../server/store/redis';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { api, issueToken, startServer } from '../helpers/server';

const dir = mkdtempSync(join(tmpdir(), 'ioc-displays-'));
const prefix = testPrefix('displays');
afterAll(async () => {
  await dropPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

type Screen = Socket<ServerToClientEvents, ClientToServerEvents> & { told: string[] };

/** A screen that introduces itself as a wall, records what the server tells it, and is connected. */
async function screen(url: string, token: string, display: DisplayHello): Promise<Screen> {
  const socket = connectSocket(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token, protocol: PROTOCOL_VERSION, display } }) as Screen;
  socket.told = [];
  socket.on('display_replaced', () => socket.told.push('display_replaced'));
  socket.on('token_revoked', () => socket.told.push('token_revoked'));
  socket.on('disconnect', () => socket.told.push('disconnect'));
  await new Promise<void>((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const STORES = {
  redis: () => new RedisStore({ url: TEST_REDIS_URL, prefix }),
  embedded: () => new EmbeddedStore(mkdtempSync(join(dir, 'store-'))),
};

describe.each(Object.keys(STORES) as (keyof typeof STORES)[])('walls at the desk (%s store)', (kind) => {
  it('lists viewer walls only, one listing per id (the newest), tells the older screen, and tells a revoked wall at once', async () => {
    const server = await startServer({ prefix, store: STORES[kind]() });
    const sockets: Screen[] = [];
    try {
      const operator = (await issueToken(server.url, 'operator')).token;
      const listed = async () => ((await api(server.url, '/api/v1/displays', { token: operator })).body.displays as { id: string; label: string }[]).map((d) => `${d.id}:${d.label}`).sort();
      const viewer = await issueToken(server.url, 'viewer');
      const unit = (await issueToken(server.url, 'unit', 'dic')).token;

      // A unit token's screen calling itself main-wall connects (it gets data) but is not a wall.
      sockets.push(await screen(server.url, unit, { id: 'main-wall', label: 'impostor', screen: 'wall' }));
      sockets.push(await screen(server.url, viewer.token, { id: 'side-wall', label: 'Side', screen: 'wall' }));
      await until(async () => (await listed()).length === 1, 'the viewer wall to be listed');
      expect(await listed()).toEqual(['side-wall:Side']);

      // A second tab (or a socket still held after a network drop) takes the id: the newest wins.
      const first = await screen(server.url, viewer.token, { id: 'main-wall', label: 'Main (old tab)', screen: 'wall' });
      sockets.push(first);
      await until(async () => (await listed()).includes('main-wall:Main (old tab)'), 'the first main-wall');
      const second = await screen(server.url, viewer.token, { id: 'main-wall', label: 'Main', screen: 'wall' });
      sockets.push(second);
      await until(() => first.told.includes('display_replaced'), 'the older screen to be told');
      await until(async () => (await listed()).join() === 'main-wall:Main,side-wall:Side', 'one listing of main-wall, the newest');
      expect(second.told).toEqual([]);
      // The older screen's status reports no longer move the listing.
      first.emit('display.status', { page: 'plan' });
      await new Promise((r) => setTimeout(r, 200));
      expect(await listed()).toEqual(['main-wall:Main', 'side-wall:Side']);

      // Revoked: the wall is told before it is cut off.
      expect((await api(server.url, `/api/v1/tokens/${viewer.id}`, { method: 'DELETE' })).status).toBe(204);
      await until(() => second.told.includes('disconnect'), 'the revoked wall to be disconnected');
      expect(second.told).toEqual(['token_revoked', 'disconnect']);
      await until(async () => (await listed()).length === 0, 'the revoked walls to leave the desk');
    } finally {
      for (const s of sockets) s.close();
      await server.close();
    }
  }, 30_000);
});

describe('walls across nodes (Redis)', () => {
  it('tells a wall on one node that a newer screen on another node took its id, and lists the id once', async () => {
    const nodePrefix = `${prefix}nodes:`;
    const a = await startServer({ prefix: nodePrefix, store: new RedisStore({ url: TEST_REDIS_URL, prefix: nodePrefix }) });
    const b = await startServer({ prefix: nodePrefix, store: new RedisStore({ url: TEST_REDIS_URL, prefix: nodePrefix }) });
    const sockets: Screen[] = [];
    try {
      const viewer = (await issueToken(a.url, 'viewer')).token;
      const operator = (await issueToken(a.url, 'operator')).token;
      const first = await screen(a.url, viewer, { id: 'lobby', label: 'Lobby (before the drop)', screen: 'wall' });
      sockets.push(first);
      // The same wall comes back through the other node (a load balancer after a network drop).
      await new Promise((r) => setTimeout(r, 20));
      const second = await screen(b.url, viewer, { id: 'lobby', label: 'Lobby', screen: 'wall' });
      sockets.push(second);
      await until(() => first.told.includes('display_replaced'), 'the wall on the first node to be told', 15_000);
      expect(second.told).toEqual([]);
      const listed = async (url: string) => ((await api(url, '/api/v1/displays', { token: operator })).body.displays as { id: string; label: string }[]).map((d) => `${d.id}:${d.label}`);
      await until(async () => (await listed(a.url)).join() === 'lobby:Lobby' && (await listed(b.url)).join() === 'lobby:Lobby', 'both nodes to list the newest only', 15_000);
    } finally {
      for (const s of sockets) s.close();
      await a.close();
      await b.close();
    }
  }, 40_000);
});
