import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@shared/protocol';
import { spawnServer, waitFor } from '../helpers/process';

const dir = mkdtempSync(join(tmpdir(), 'ioc-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A GET on `agent`'s one kept-alive connection; its status, or 0 when the connection failed. */
function get(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}/healthz`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('stopping', () => {
  it('exits on SIGTERM while a client keeps its kept-alive connection busy (a wall retrying, a producer polling)', async () => {
    const server = await spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: 'a'.repeat(40) });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let exited = false;
    server.proc.once('exit', () => (exited = true));
    // One connection, never idle for long: the server's close() alone would wait for it forever.
    const busy = (async () => {
      while (!exited) {
        await get(agent, server.url);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      expect(await get(agent, server.url)).toBe(200);
      server.proc.kill('SIGTERM');
      await waitFor(async () => exited, 30_000, 'the server to exit after SIGTERM');
      expect(server.proc.exitCode).toBe(0);
    } finally {
      exited = true;
      await busy;
      agent.destroy();
      await server.kill().catch(() => undefined);
    }
  }, 60_000);

  it('exits on SIGTERM while walls keep reconnecting over long polling', async () => {
    const token = 'b'.repeat(40);
    const server = await spawnServer({ IOC_DATA_DIR: mkdtempSync(join(dir, 'poll-')), IOC_ADMIN_TOKEN: token });
    // Walls behind a proxy that only passes long polling, retrying at once after the node closes them.
    const walls = Array.from({ length: 5 }, () => io(server.url, { transports: ['polling'], reconnectionDelay: 50, reconnectionDelayMax: 100, auth: { token, protocol: PROTOCOL_VERSION } }));
    let exited = false;
    server.proc.once('exit', () => (exited = true));
    try {
      await waitFor(async () => walls.every((w) => w.connected), 20_000, 'the walls to connect');
      server.proc.kill('SIGTERM');
      await waitFor(async () => exited, 30_000, 'the server to exit after SIGTERM');
      expect(server.proc.exitCode).toBe(0);
    } finally {
      for (const w of walls) w.close();
      await server.kill().catch(() => undefined);
    }
  }, 60_000);

  it('exits on SIGTERM that comes while the demo is still writing its history', async () => {
    const server = await spawnServer({ IOC_DATA_DIR: mkdtempSync(join(dir, 'demo-')) });
    let exited = false;
    server.proc.once('exit', () => (exited = true));
    server.proc.kill('SIGTERM');
    await waitFor(async () => exited, 30_000, 'the server to exit after SIGTERM');
    expect([server.proc.exitCode, server.proc.signalCode]).toEqual([0, null]);
  }, 60_000);
});
