import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, demoConfig } from './server';

export const HOOK_SECRET = 'test-webhook-secret-0123456789abcdef';
export const HOOK_SECRET_ENV = 'IOC_TEST_HOOK_SECRET';

/** A temp dir holding the demo config plus one webhook `ops` (indicator alerts only) to `url`, secret from the environment. */
export function configWithWebhook(url: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-hooks-'));
  const path = join(dir, 'province.json');
  const webhooks = [{ id: 'ops', url, kinds: ['indicator_bad'], secretEnv: HOOK_SECRET_ENV }];
  writeFileSync(path, JSON.stringify({ ...demoConfig, webhooks }));
  return { dir, path };
}

let serial = 0;
/** Reports a gauge value for today through the API (as the admin): the way to make an indicator alert fire or clear. */
export async function reportGauge(url: string, indicator: string, value: number): Promise<void> {
  serial += 1;
  const at = new Date().toISOString();
  const res = await api(url, '/api/v1/events', { body: { id: `hook-${indicator}-${Date.now()}-${serial}`, type: 'indicator.reported', unit: 'dic', at, indicator, value, period: at.slice(0, 10) } });
  if (res.status !== 202) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface DeliveryStatus {
  id: string;
  event: string;
  alert: { id: string; since: string };
  attempts: number;
  outcome: string;
  lastStatus: number | null;
  lastError: string | null;
  nextAt: string | null;
}

/** GET /api/v1/webhooks as the admin. */
export async function webhookStatus(url: string): Promise<{ webhooks: { id: string; stats: Record<string, number | string | null> | null }[]; pending: DeliveryStatus[]; recent: DeliveryStatus[] }> {
  const res = await api(url, '/api/v1/webhooks');
  if (res.status !== 200) throw new Error(`webhooks: ${res.status}`);
  return res.body as never;
}
