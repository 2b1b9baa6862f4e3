import { randomBytes } from 'node:crypto';
import { connect, type Socket as TcpSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@shared/protocol';
import { api, ADMIN_TOKEN, Display, startServer, type TestServer } from '../helpers/server';
import { dropPrefix, testPrefix } from '../helpers/redis';

const prefix = testPrefix('abuse');
let server: TestServer;
let port: number;

beforeAll(async () => {
  server = await startServer({ prefix });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
  await dropPrefix(prefix);
});

/** A WebSocket text frame as a client must send it (masked). */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const length = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x81]), length, mask, masked]);
}

/** A display that connects over a raw WebSocket, joins, and then never reads another byte. */
async function stuckDisplay(): Promise<TcpSocket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.write(frame(`40${JSON.stringify({ token: ADMIN_TOKEN, protocol: PROTOCOL_VERSION })}`));
  await new Promise((r) => setTimeout(r, 100));
  socket.pause();
  return socket;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

describe('slow and abusive clients', () => {
  it('keeps a well-behaved display current, with no gap, while others never read, flood resync and send 2 MB frames', async () => {
    const closers: (() => void)[] = [];
    try {
      const good = new Display(server.url, ADMIN_TOKEN);
      closers.push(() => good.close());
      await good.until(() => good.snapshots.length === 1);
      const arrived = new Map<number, number>();
      good.socket.on('events', (m) => {
        for (const e of m.events) arrived.set(e.seq, performance.now());
      });

      const stuck = await Promise.all(Array.from({ length: 20 }, () => stuckDisplay()));
      closers.push(() => stuck.forEach((s) => s.destroy()));
      const flooder = connectSocket(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: ADMIN_TOKEN, protocol: PROTOCOL_VERSION } });
      closers.push(() => flooder.close());
      let flooderSnapshots = 0;
      flooder.on('snapshot', () => (flooderSnapshots += 1));
      await new Promise<void>((resolve) => flooder.once('connect', () => resolve()));
      const giant = connectSocket(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: ADMIN_TOKEN, protocol: PROTOCOL_VERSION } });
      closers.push(() => giant.close());
      await new Promise<void>((resolve) => giant.once('connect', () => resolve()));
      const giantDropped = new Promise<void>((resolve) => giant.once('disconnect', () => resolve()));
      giant.emit('resync', 'x'.repeat(2 * 1024 * 1024));

      const acked = new Map<number, number>();
      const text = 'y'.repeat(480);
      const started = Date.now();
      let batch = 0;
      while (Date.now() - started < 4_000) {
        for (let i = 0; i < 100; i++) flooder.emit('resync');
        // Big notes fill the stuck displays' buffers quickly; small batches measure latency.
        const events = Array.from({ length: batch % 2 ? 10 : 200 }, (_, i) => ({ id: `ab-${batch}-${i}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text, severity: 'info' }));
        const res = await api(server.url, '/api/v1/events', { body: { events } });
        const now = performance.now();
        expect(res.status).toBe(202);
        if (batch % 2) for (const a of res.body.accepted as { seq: number }[]) acked.set(a.seq, now);
        batch += 1;
        await new Promise((r) => setTimeout(r, 20));
      }
      const last = Math.max(...acked.keys());
      await good.until(() => good.seq >= last, 10_000);
      expect(good.gaps).toBe(0);
      const latencies = [...acked].map(([seq, t]) => Math.max(0, (arrived.get(seq) ?? Infinity) - t));
      const p99 = percentile(latencies, 99);
      console.log(`well-behaved display under abuse: ${latencies.length} events, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; flooder got ${flooderSnapshots} snapshots in 4 s`);
      // Latency is the benchmark's business (the figure is printed above); here the display gets every event, in order, with no gap.
      await giantDropped;
      // resync is answered at most once a second, however long the flood took to be processed.
      expect(flooderSnapshots).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1_000) + 2);

      // The stuck displays are cut off once their buffers stay full, so they hold no memory for long.
      const before = server.app.io.sockets.sockets.size;
      await good.until(() => server.app.io.sockets.sockets.size <= 2, 20_000);
      console.log(`sockets before cut-off ${before}, after ${server.app.io.sockets.sockets.size}`);
    } finally {
      for (const close of closers) close();
    }
  }, 60_000);
});
