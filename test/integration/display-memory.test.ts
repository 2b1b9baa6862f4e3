import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@shared/protocol';
import { Display, issueToken, startServer, type TestServer } from '../helpers/server';
import { dropPrefix, testPrefix } from '../helpers/redis';

// A full collection on demand, so that what nothing holds any more is gone when the test looks.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const prefix = testPrefix('display-memory');
let server: TestServer;
let viewer: string;
const displays: Display[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({ prefix });
  viewer = (await issueToken(server.url, 'viewer')).token;
});
afterAll(async () => {
  for (const d of displays) d.close();
  for (const socket of sockets) socket.close();
  await server.close();
  await dropPrefix(prefix);
});

describe('what a node keeps per connected display', () => {
  it('lets go of each display’s WebSocket upgrade request, whether it connects by WebSocket or upgrades from long-polling as the wall does', async () => {
    // Seen from outside: a weak reference to each upgrade request the node receives.
    const requests: WeakRef<IncomingMessage>[] = [];
    server.app.httpServer.prependListener('upgrade', (req: IncomingMessage) => {
      requests.push(new WeakRef(req));
    });
    for (let i = 0; i < 3; i++) displays.push(new Display(server.url, viewer, undefined, undefined, true));
    await Promise.all(displays.map((d) => d.connected()));
    await Promise.all(displays.map((d) => d.until(() => d.projections.length > 0)));
    // The wall's own client options: long-polling first, then the upgrade to WebSocket.
    const wall = connectSocket(server.url, { reconnection: false, forceNew: true, auth: { token: viewer, protocol: PROTOCOL_VERSION, encoded: true } });
    sockets.push(wall);
    await new Promise<void>((resolve, reject) => {
      wall.io.engine.once('upgrade', () => resolve());
      wall.once('connect_error', reject);
    });
    expect(wall.io.engine.transport.name).toBe('websocket');
    expect(requests).toHaveLength(4);
    // Thousands of walls on one node: a request kept per display (its URL, stream state, the
    // response engine.io made for it) is half a KB each for nothing.
    for (let round = 0; round < 3 && requests.some((r) => r.deref() !== undefined); round++) {
      await new Promise((r) => setTimeout(r, 20));
      collect();
    }
    expect(requests.filter((r) => r.deref() !== undefined)).toHaveLength(0);
    // The displays are still served.
    expect(displays.every((d) => d.socket.connected) && wall.connected).toBe(true);
  });
});
