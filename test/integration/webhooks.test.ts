import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer, waitFor, type ServerProcess } from '../helpers/process';
import { ADMIN_TOKEN, api } from '../helpers/server';
import { startReceiver, verifyIocSignature } from '../helpers/webhook-receiver';
import { configWithWebhook, HOOK_SECRET, HOOK_SECRET_ENV, reportGauge, webhookStatus } from '../helpers/webhooks';

const BACKOFF_MS = 1_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A server process on the embedded store in its own data dir, with the webhook `ops` pointing at `receiverUrl`. */
async function serverFor(receiverUrl: string, port?: number, dataDir?: string): Promise<{ server: ServerProcess; env: Record<string, string>; port: number }> {
  const { dir, path } = configWithWebhook(receiverUrl);
  const data = dataDir ?? mkdtempSync(join(tmpdir(), 'ioc-hooks-data-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => rmSync(data, { recursive: true, force: true }));
  const env = { IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_CONFIG: path, IOC_DATA_DIR: data, [HOOK_SECRET_ENV]: HOOK_SECRET, IOC_WEBHOOK_BACKOFF_MS: String(BACKOFF_MS), IOC_WEBHOOK_TIMEOUT_MS: '1000', IOC_RATE_LIMIT: '0' };
  const p = port ?? (await freePort());
  const server = await spawnServer(env, p);
  cleanups.push(() => server.stop());
  return { server, env, port: p };
}

describe('webhooks', () => {
  it('signs each delivery, retries after 500s with growing gaps, stops after the 2xx, and reports it', async () => {
    // A new firing fails three times, then succeeds; a clearing succeeds at once.
    const receiver = await startReceiver((_d, n) => ({ status: n <= 3 ? 500 : 200 }));
    cleanups.push(() => receiver.close());
    const { server } = await serverFor(receiver.url);
    await reportGauge(server.url, 'paperless_services', 2);
    await waitFor(async () => receiver.received.some((r) => r.status === 200 && r.answered), 30_000, 'a delivery answered with 200');
    const delivery = receiver.received.find((r) => r.status === 200)!.delivery;
    const attempts = receiver.for(delivery);
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 500, 200]);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(BACKOFF_MS * 2 ** i - 20));
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);

    for (const a of attempts) {
      expect(verifyIocSignature(HOOK_SECRET, a.body, a.signature)).toBe(true);
      expect(a.body).toBe(attempts[0]!.body);
    }
    expect(verifyIocSignature(HOOK_SECRET, attempts[0]!.body.replace('paperless', 'paperlesz'), attempts[0]!.signature)).toBe(false);
    expect(verifyIocSignature('another-secret-0123456789', attempts[0]!.body, attempts[0]!.signature)).toBe(false);
    const body = JSON.parse(attempts[0]!.body) as { id: string; event: string; alert: Record<string, string>; at: string };
    expect(body).toMatchObject({ id: delivery, event: 'alert.fired', alert: { id: 'indicator:paperless_services', kind: 'indicator_bad', subject: 'paperless_services' } });
    expect(body.at).toBe(body.alert.since);
    expect(attempts[0]!.event).toBe('alert.fired');

    // Once the log has the delivery as delivered, no attempt can follow: the calls are all there are.
    await waitFor(async () => (await webhookStatus(server.url)).recent.some((d) => d.id === delivery && d.outcome === 'delivered'), 10_000, 'the delivery recorded');
    expect(receiver.for(delivery)).toHaveLength(4);
    const status = await webhookStatus(server.url);
    expect(status.recent.find((d) => d.id === delivery)).toMatchObject({ outcome: 'delivered', attempts: 4, lastStatus: 200, nextAt: null });
    expect(status.webhooks[0]).toMatchObject({ id: 'ops', stats: { delivered: 1, failedAttempts: 3, lastStatus: 200 } });
    // Where a webhook goes is for the desk (the origin only); the config every token reads leaves webhooks out.
    expect(status.webhooks[0]).toMatchObject({ url: `${new URL(receiver.url).origin}/…`, kinds: ['indicator_bad'] });
    const config = await api(server.url, '/api/v1/config');
    expect(config.body.webhooks).toEqual([]);
    expect(JSON.stringify(config.body)).not.toContain('/hooks/ioc');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('ioc_webhook_delivered{webhook="ops"} 1');
    expect(metrics).toContain('ioc_webhook_failed_attempts{webhook="ops"} 3');
    expect(metrics).toContain('ioc_webhook_attempts_total{webhook="ops",result="failed"} 3');

    // Back above the threshold: the receiver hears that the same firing cleared.
    await reportGauge(server.url, 'paperless_services', 25);
    await waitFor(async () => receiver.received.some((r) => r.event === 'alert.cleared' && r.answered), 15_000, 'the clearing');
    const cleared = JSON.parse(receiver.received.find((r) => r.event === 'alert.cleared')!.body) as typeof body;
    expect(cleared.alert.since).toBe(body.alert.since);
    expect(cleared.id).not.toBe(delivery);
  }, 60_000);

  it('calls a receiver that answered 2xx once per delivery across SIGKILLs and restarts of the server', async () => {
    // Attempt 1 fails; attempt 2 is answered only after 4 s, by when its sender has been killed; attempt 3 succeeds.
    const receiver = await startReceiver((_d, n) => (n === 1 ? { status: 500 } : n === 2 ? { status: 200, delayMs: 4_000 } : { status: 200 }));
    cleanups.push(() => receiver.close());
    const first = await serverFor(receiver.url);
    const { env, port } = first;
    let server = first.server;
    await reportGauge(server.url, 'essential_services', 10);
    await waitFor(async () => receiver.received.length === 2, 20_000, 'the second attempt in flight');
    const delivery = receiver.received[0]!.delivery;
    await server.kill();
    // The answer to attempt 2 finds its connection gone: the sender never learnt of it.
    await waitFor(async () => receiver.received[1]!.status === 200, 6_000, 'the late answer');
    expect(receiver.received[1]!.answered).toBe(false);

    server = await spawnServer(env, port);
    cleanups.push(() => server.stop());
    // The claim of attempt 2 has no result: once it is stale, attempt 3 goes out with the same delivery id.
    await waitFor(async () => receiver.for(delivery).some((r) => r.answered && r.status === 200), 30_000, 'a delivered attempt after the restart');
    await waitFor(async () => (await webhookStatus(server.url)).recent.some((d) => d.id === delivery && d.outcome === 'delivered'), 10_000, 'the delivery recorded');
    await server.kill();
    server = await spawnServer(env, port);
    cleanups.push(() => server.stop());
    // The restarted node has read the delivery as delivered: its dispatcher only ever sends pending ones.
    await waitFor(async () => (await webhookStatus(server.url)).recent.some((d) => d.id === delivery && d.outcome === 'delivered'), 10_000, 'the delivery read back after the restart');

    const calls = receiver.for(delivery);
    expect(calls.map((c) => c.status)).toEqual([500, 200, 200]);
    expect(calls.filter((c) => c.answered && c.status === 200)).toHaveLength(1);
    expect((await webhookStatus(server.url)).recent.find((d) => d.id === delivery)).toMatchObject({ outcome: 'delivered', attempts: 3 });
  }, 90_000);
});
