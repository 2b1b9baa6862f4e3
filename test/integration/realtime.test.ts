import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ADMIN_TOKEN, Display, issueToken, noteEvent, startServer, type TestServer } from '../helpers/server';
import { dropPrefix, testPrefix } from '../helpers/redis';

const prefix = testPrefix('realtime');
let nodeA: TestServer;
let nodeB: TestServer;
let viewer: string;
const displays: Display[] = [];
const display = (...args: ConstructorParameters<typeof Display>) => {
  const d = new Display(...args);
  displays.push(d);
  return d;
};

beforeAll(async () => {
  // Two nodes on one Redis and one prefix: one log, two fan-outs.
  nodeA = await startServer({ prefix });
  nodeB = await startServer({ prefix });
  viewer = (await issueToken(nodeA.url, 'viewer')).token;
});
afterAll(async () => {
  for (const d of displays) d.close();
  await nodeA.close();
  await nodeB.close();
  await dropPrefix(prefix);
});

async function write(url: string, count: number): Promise<number[]> {
  const res = await api(url, '/api/v1/events', { body: { events: Array.from({ length: count }, () => noteEvent()) } });
  expect(res.status).toBe(202);
  return (res.body.accepted as { seq: number }[]).map((a) => a.seq);
}

describe('live push', () => {
  it('sends a snapshot on connect, then an event written on one node to displays on both nodes', async () => {
    const onA = display(nodeA.url, viewer);
    const onB = display(nodeB.url, viewer);
    await Promise.all([onA.connected(), onB.connected()]);
    await onA.until(() => onA.snapshots.length === 1);
    await onB.until(() => onB.snapshots.length === 1);
    expect(onA.snapshots[0]).toMatchObject({ epoch: expect.any(String), seq: expect.any(Number), serverTime: expect.any(String), projectionVersion: expect.any(Number), state: { indicators: expect.any(Object) } });
    // The snapshot names the config it was derived with, as GET /api/v1/config does: a client holding another one fetches it again.
    const config = await api(nodeA.url, '/api/v1/config', { token: viewer });
    expect(config.headers.get('x-config-version')).toBe(onA.snapshots[0]!.configVersion);
    expect(onB.snapshots[0]!.configVersion).toBe(onA.snapshots[0]!.configVersion);
    const [seq] = await write(nodeA.url, 1);
    await onA.until(() => onA.seq === seq);
    await onB.until(() => onB.seq === seq);
    expect(onB.received.at(-1)).toMatchObject({ seq, type: 'note.posted', by: 'bootstrap-admin' });
  });

  it('delivers concurrent writes on both nodes to every display in seq order with no gap or repeat', async () => {
    const onA = display(nodeA.url, viewer);
    const onB = display(nodeB.url, viewer);
    await Promise.all([onA.until(() => onA.snapshots.length === 1), onB.until(() => onB.snapshots.length === 1)]);
    const start = onA.seq;
    const writes = await Promise.all(Array.from({ length: 30 }, (_, i) => write(i % 2 ? nodeA.url : nodeB.url, 10)));
    const last = Math.max(...writes.flat());
    for (const d of [onA, onB]) {
      await d.until(() => d.seq === last);
      expect(d.gaps).toBe(0);
      expect(d.received.map((e) => e.seq)).toEqual(Array.from({ length: last - start }, (_, i) => start + 1 + i));
    }
  });

  it('acknowledges a write only after the displays on its node were sent it', async () => {
    const onA = display(nodeA.url, viewer);
    await onA.until(() => onA.snapshots.length === 1);
    // On the server: the seqs handed to this display's connection, and what had been handed when each answer was sent.
    const conn = nodeA.app.io.sockets.sockets.get(onA.socket.id!)!.conn;
    const sent = new Set<number>();
    conn.on('packetCreate', (packet: { data?: unknown }) => {
      const text = typeof packet.data === 'string' ? packet.data : '';
      if (!text.startsWith('2["events"')) return;
      for (const e of (JSON.parse(text.slice(1)) as [string, { events: { seq: number }[] }])[1].events) sent.add(e.seq);
    });
    const sentWhenAnswered = new Map<string, Set<number>>();
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      const id = req.headers['x-test-write'];
      if (typeof id === 'string') res.once('finish', () => sentWhenAnswered.set(id, new Set(sent)));
    };
    nodeA.app.httpServer.on('request', onRequest);
    try {
      const late: number[] = [];
      // Concurrent writes make the node coalesce their events into one send after the turn; each answer must wait for it.
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            const id = randomUUID();
            const res = await fetch(`${nodeA.url}/api/v1/events`, {
              method: 'POST',
              headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-test-write': id },
              body: JSON.stringify({ events: [noteEvent(), noteEvent()] }),
            });
            expect(res.status).toBe(202);
            const { accepted } = (await res.json()) as { accepted: { seq: number }[] };
            for (const { seq } of accepted) if (!sentWhenAnswered.get(id)?.has(seq)) late.push(seq);
          }),
        );
      }
      expect(sentWhenAnswered.size).toBe(100);
      expect(late).toEqual([]);
      // And the display itself has every one of them.
      const last = Math.max(...sent);
      await onA.until(() => onA.seq >= last);
      expect(onA.gaps).toBe(0);
    } finally {
      nodeA.app.httpServer.off('request', onRequest);
    }
  });

  it('resumes a display that missed events with exactly the missed ones, not a snapshot', async () => {
    const first = display(nodeA.url, viewer);
    await first.until(() => first.snapshots.length === 1);
    const { epoch, seq } = first.snapshots[0]!;
    first.close();
    const missed = await write(nodeB.url, 25);
    const back = display(nodeA.url, viewer, { epoch: epoch, seq });
    await back.until(() => back.seq === missed.at(-1));
    expect(back.snapshots).toEqual([]);
    expect(back.received.map((e) => e.seq)).toEqual(Array.from({ length: missed.at(-1)! - seq }, (_, i) => seq + 1 + i));
  });

  it('sends a snapshot to a display that resumes from another epoch', async () => {
    const d = display(nodeA.url, viewer, { epoch: 'some-other-history', seq: 3 });
    await d.until(() => d.snapshots.length === 1);
    expect(d.snapshots[0]!.epoch).not.toBe('some-other-history');
  });

  it('answers resync with a fresh snapshot', async () => {
    const d = display(nodeB.url, viewer);
    await d.until(() => d.snapshots.length === 1);
    const seqs = await write(nodeA.url, 2);
    await d.until(() => d.seq === seqs.at(-1));
    d.socket.emit('resync');
    await d.until(() => d.snapshots.length === 2);
    expect(d.snapshots[1]!.seq).toBeGreaterThan(d.snapshots[0]!.seq);
    // One asked again within the throttle's second is answered when the second is over, not dropped.
    const more = await write(nodeA.url, 1);
    await d.until(() => d.seq === more.at(-1));
    d.socket.emit('resync');
    await d.until(() => d.snapshots.length === 3);
    expect(d.snapshots[2]!.seq).toBe(more.at(-1));
  });

  it('refuses a bad token with unauthorized and another protocol with protocol_mismatch', async () => {
    expect(await display(nodeA.url, 'ioc_wrong').refused()).toBe('unauthorized');
    expect(await display(nodeA.url, ADMIN_TOKEN, undefined, 99).refused()).toBe('protocol_mismatch');
  });

  it('disconnects the sockets of a revoked token on every node', async () => {
    const { id, token } = await issueToken(nodeA.url, 'viewer');
    const onA = display(nodeA.url, token);
    const onB = display(nodeB.url, token);
    await Promise.all([onA.connected(), onB.connected()]);
    expect((await api(nodeB.url, `/api/v1/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    await onA.until(() => !onA.socket.connected);
    await onB.until(() => !onB.socket.connected);
    expect(await display(nodeA.url, token).refused()).toBe('unauthorized');
  });
});

describe('a replaced log', () => {
  it('moves displays to the new epoch with a snapshot when Redis loses the log', async () => {
    const ownPrefix = testPrefix('realtime-epoch');
    const node = await startServer({ prefix: ownPrefix });
    try {
      const d = display(node.url, ADMIN_TOKEN);
      await d.until(() => d.snapshots.length === 1);
      await write(node.url, 3);
      await d.until(() => d.seq === 3);
      const oldEpoch = d.epoch;
      await dropPrefix(ownPrefix);
      const [seq] = await write(node.url, 1);
      expect(seq).toBe(1);
      await d.until(() => d.epoch !== oldEpoch && d.seq === 1, 5_000);
      expect(d.snapshots.at(-1)).toMatchObject({ seq: expect.any(Number) });
      expect(d.snapshots.at(-1)!.epoch).not.toBe(oldEpoch);
    } finally {
      await node.close();
      await dropPrefix(ownPrefix);
    }
  });
});
