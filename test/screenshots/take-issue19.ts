/**
 * Screenshots of issue 19's screens (vi, 1920x1080): `npx tsx test/screenshots/take-issue19.ts`
 * (needs `npx vite build` first; about a minute). Runs the demo with its simulated units from
 * 2 April 2024 14:00 and photographs the wall's overview and localities, the briefing's headline,
 * plan and scorecard slides, and the DIC console, by a non-localhost name. Writes `issue19-*.png`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { catalogOf } from '@shared/catalog';
import { localDay } from '@shared/time';
import { loadProvinceConfig } from '../../server/config/load';
import { dossierProfiles } from '../../server/demo/profiles';
import { spawnServer } from '../helpers/process';

const ADMIN_TOKEN = 'issue19-screenshots-admin-token-0123456789';
async function issueToken(url: string, role: string, unit?: string): Promise<{ token: string }> {
  const res = await fetch(`${url}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ role, label: `shots ${role}`, ...(unit ? { unit } : {}) }) });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string };
}

const OUT = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ioc-shots-'));
const server = await spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_SIMULATE: '1', IOC_RATE_LIMIT: '0' });
const base = server.url.replace('127.0.0.1', 'ioc-wall.test');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Until the demo's simulator sends full-process and partial online dossiers itself, this splits
 * each unit's online dossiers of the day as `server/demo/profiles.ts` says that unit would.
 */
async function splitOnlineDossiers(): Promise<void> {
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  type Counters = { now: string; counters: Record<string, Record<string, Record<string, number>>> };
  const body = (await (await fetch(`${server.url}/api/v1/state`, { headers: auth })).json()) as { state?: Counters } & Counters;
  const state = body.state ?? body;
  const catalog = catalogOf(loadProvinceConfig());
  const day = localDay(Date.parse(state.now), catalog.config.province.timeZone);
  const events = dossierProfiles(catalog).flatMap((p) => {
    const online = state.counters.dossiers_online?.[p.unit]?.[day];
    if (online === undefined || p.fullShare === null) return [];
    const full = Math.round(online * p.fullShare);
    const base = { type: 'indicator.reported', unit: p.unit, at: state.now, period: day };
    return [
      { ...base, id: `shot-full-${p.unit}`, indicator: 'dossiers_online_full', value: full },
      { ...base, id: `shot-partial-${p.unit}`, indicator: 'dossiers_online_partial', value: online - full },
    ];
  });
  const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: auth, body: JSON.stringify({ events }) });
  if (res.status !== 202) throw new Error(`split: ${res.status} ${await res.text()}`);
}

try {
  // The demo issues its simulated units' tokens and back-fills their month as it starts.
  await sleep(40_000);
  await splitOnlineDossiers();
  const viewer = (await issueToken(server.url, 'viewer')).token;
  const operator = (await issueToken(server.url, 'operator')).token;
  const dic = (await issueToken(server.url, 'unit', 'dic')).token;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', `--host-resolver-rules=MAP ioc-wall.test 127.0.0.1`, `--unsafely-treat-insecure-origin-as-secure=${base}`],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    page.on('console', (m) => m.type() === 'error' && process.stderr.write(`console: ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`page: ${String(e)}\n`));
    const shoot = async (path: string, ready: string, name: string) => {
      await page.goto(`${base}${path}`);
      await page.waitForSelector(ready, { timeout: 30_000 }).catch(async (err: unknown) => {
        await page.screenshot({ path: `${OUT}issue19-${name}-failed.png` });
        process.stderr.write(`${(await page.content()).slice(0, 2000)}\n`);
        throw err;
      });
      await sleep(2_500);
      await page.screenshot({ path: `${OUT}issue19-${name}.png` });
    };
    await shoot(`/wall?pages=overview:600&alert=0#token=${viewer}`, '[data-testid=wall][data-page=overview]', 'wall-overview');
    await shoot(`/wall?pages=localities:600&alert=0#token=${viewer}`, '[data-testid=wall][data-page=localities]', 'wall-localities');
    for (const slide of ['headline', 'plan', 'scorecard']) await shoot(`/briefing?slide=${slide}#token=${operator}`, `[data-testid=briefing][data-state=ready][data-slide=${slide}]`, `briefing-${slide}`);
    await shoot(`/console#token=${dic}`, 'form', 'console');
  } finally {
    await browser.close();
  }
} finally {
  if (process.env.SHOW_SERVER_OUTPUT) process.stderr.write(server.output().slice(-6000));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
