import { rmSync } from 'node:fs';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@shared/events';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@shared/protocol';
import type { Socket } from 'socket.io-client';
import { spawnServer, waitFor, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, api } from '../helpers/server';
import { startReceiver } from '../helpers/webhook-receiver';
import { configWithWebhook, HOOK_SECRET, HOOK_SECRET_ENV, reportGauge, webhookStatus } from '../helpers/webhooks';

const BACKOFF_MS = 500;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** `count` server processes on one Redis prefix, with the webhook `ops` pointing at `receiverUrl`. */
async function nodes(name: string, receiverUrl: string, count: number, extra: Record<string, string> = {}): Promise<ServerProcess[]> {
  const prefix = testPrefix(name);
  const { dir, path } = configWithWebhook(receiverUrl);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => dropPrefix(prefix));
  const env = { REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_CONFIG: path, [HOOK_SECRET_ENV]: HOOK_SECRET, IOC_WEBHOOK_BACKOFF_MS: String(BACKOFF_MS), IOC_RATE_LIMIT: '0', ...extra };
  const servers = await Promise.all(Array.from({ length: count }, () => spawnServer(env)));
  for (const s of servers) cleanups.push(() => s.stop());
  return servers;
}

async function logOf(url: string): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const events = (await api(url, `/api/v1/events?after=${all.length}&limit=1000`)).body.events as StoredEvent[];
    all.push(...events);
    if (events.length < 1000) return all;
  }
}

describe('webhooks with several nodes', () => {
  it('makes each attempt from one node only when two nodes share one Redis', async () => {
    // Every delivery fails once, then succeeds.
    const receiver = await startReceiver((_d, n) => ({ status: n === 1 ? 500 : 200 }));
    cleanups.push(() => receiver.close());
    const [a, b] = await nodes('hooks-nodes', receiver.url, 2);
    await reportGauge(a!.url, 'paperless_services', 2);
    await reportGauge(b!.url, 'essential_services', 10);
    await waitFor(async () => new Set(receiver.received.filter((r) => r.answered && r.status === 200).map((r) => r.delivery)).size === 2, 20_000, 'two deliveries');
    await reportGauge(b!.url, 'paperless_services', 25);
    await waitFor(async () => new Set(receiver.received.filter((r) => r.answered && r.status === 200).map((r) => r.delivery)).size === 3, 20_000, 'the clearing delivered');
    // Both nodes have all three recorded as delivered: neither sends any of them again.
    const settled = async (url: string) => {
      const status = await webhookStatus(url);
      return status.pending.length === 0 && status.recent.filter((d) => d.outcome === 'delivered').length === 3;
    };
    for (const node of [a!, b!]) await waitFor(() => settled(node.url), 10_000, 'all three recorded as delivered');

    const byDelivery = new Map<string, typeof receiver.received>();
    for (const r of receiver.received) byDelivery.set(r.delivery, [...(byDelivery.get(r.delivery) ?? []), r]);
    expect(byDelivery.size).toBe(3);
    for (const calls of byDelivery.values()) {
      expect(calls.map((c) => c.status)).toEqual([500, 200]);
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(BACKOFF_MS - 20);
    }
    const log = await logOf(a!.url);
    const count = (type: string) => log.filter((e) => e.type === type).length;
    expect([count('webhook.queued'), count('webhook.attempted'), count('webhook.result')]).toEqual([3, 6, 6]);
    expect(log.filter((e) => e.type === 'webhook.queued').map((e) => (e as StoredEvent & { event: string }).event).sort()).toEqual(['alert.cleared', 'alert.fired', 'alert.fired']);
  }, 60_000);

  it('keeps ingest and the walls unaffected while a receiver takes 30 s to answer', async () => {
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 30_000 }));
    cleanups.push(() => receiver.close());
    const [server] = await nodes('hooks-slow', receiver.url, 1, { IOC_WEBHOOK_TIMEOUT_MS: '10000' });
    const viewer = (await api(server!.url, '/api/v1/tokens', { body: { role: 'viewer', label: 'wall' } })).body.token as string;
    const seen = new Map<string, number>();
    const wall: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(server!.url, { transports: ['websocket'], forceNew: true, auth: { token: viewer, protocol: PROTOCOL_VERSION } });
    cleanups.push(() => void wall.close());
    wall.on('events', (m) => {
      // The webhooks' own bookkeeping reaches a wall redacted, without an id: only reports are timed.
      for (const e of m.events) if (e.id) seen.set(e.id, Date.now());
    });
    await new Promise<void>((resolve) => wall.once('snapshot', () => resolve()));

    await reportGauge(server!.url, 'paperless_services', 2);
    await reportGauge(server!.url, 'essential_services', 10);
    await waitFor(async () => receiver.received.length === 2, 10_000, 'both requests hanging');
    // Every note is stored and reaches the wall while both webhook calls still hang (how fast is the benchmark's business).
    for (let i = 0; i < 40; i++) {
      const id = `slow-${i}-${Date.now()}`;
      const res = await api(server!.url, '/api/v1/events', { body: { id, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: `note ${i}`, severity: 'info' } });
      expect(res.status).toBe(202);
      await waitFor(async () => seen.has(id), 10_000, `note ${i} at the wall`);
    }
    expect(receiver.received.every((r) => r.status === null)).toBe(true);
    // Each hanging attempt fails at the 10 s timeout and is scheduled again.
    await waitFor(async () => (await webhookStatus(server!.url)).pending.filter((d) => d.lastError === 'no answer within 10000 ms' && d.nextAt !== null).length === 2, 20_000, 'both attempts timed out');
  }, 60_000);
});
