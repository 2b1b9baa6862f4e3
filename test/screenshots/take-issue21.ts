/**
 * Screenshots of the national roll-up (vi): `npx tsx test/screenshots/take-issue21.ts` (needs
 * `npx vite build` first; about half a minute). Runs the national deployment and Nghệ An's as
 * real processes on the embedded store, Nghệ An reporting to the nation every second with the
 * unit token the national admin issued it; writes some communes' counts to Nghệ An, waits for
 * the nation to show them, and photographs by a non-localhost name (http://ioc-wall.test:<port>):
 * Nghệ An's admin page (the health card's roll-up line: queue, lag, counts) and the national
 * wall (the 34 provinces on its tile map and ranking). Writes `issue21-*.png` beside this file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { communeId, PROVINCES_2025, provinceDeploymentConfig, rollupConfig } from '../../server/config/national';
import { launchBrowser } from '../helpers/browser';
import { spawnServer, waitFor, type ServerProcess } from '../helpers/process';

const OUT = fileURLToPath(new URL('.', import.meta.url));
const ADMIN_TOKEN = 'screenshot-admin-token-0123456789abcdef0123';

/** A JSON request with the admin token: its status and body. */
async function api(base: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const issueToken = async (base: string, role: string, unit: string | undefined, label: string) => (await api(base, '/api/v1/tokens', { role, label, ...(unit ? { unit } : {}) })).body as { token: string };
const dir = mkdtempSync(join(tmpdir(), 'ioc-shots-21-'));
const ngheAn = PROVINCES_2025.find((p) => p.id === 'nghe-an')!;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
const servers: ServerProcess[] = [];
const named = (url: string) => url.replace('127.0.0.1', 'ioc-wall.test');
try {
  writeFileSync(join(dir, 'vn.json'), JSON.stringify(rollupConfig()));
  writeFileSync(join(dir, 'nghe-an.json'), JSON.stringify(provinceDeploymentConfig(ngheAn)));
  const national = await spawnServer({ IOC_CONFIG: join(dir, 'vn.json'), IOC_DATA_DIR: join(dir, 'vn'), IOC_ADMIN_TOKEN: ADMIN_TOKEN });
  servers.push(national);
  const { token: upstreamToken } = await issueToken(national.url, 'unit', 'nghe-an', 'Nghệ An roll-up');
  const { token: viewer } = await issueToken(national.url, 'viewer', undefined, 'national wall');
  const province = await spawnServer({ IOC_CONFIG: join(dir, 'nghe-an.json'), IOC_DATA_DIR: join(dir, 'nghe-an'), IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_UPSTREAM_URL: national.url, IOC_UPSTREAM_TOKEN: upstreamToken, IOC_UPSTREAM_EVERY: '1' });
  servers.push(province);
  const at = new Date().toISOString();
  const events = [1, 2, 3, 4, 5].flatMap((n) => [
    { id: `shot-${n}-t`, type: 'indicator.reported', unit: communeId('nghe-an', n), at, indicator: 'dossiers_total', value: 40 + 7 * n, period: today },
    { id: `shot-${n}-o`, type: 'indicator.reported', unit: communeId('nghe-an', n), at, indicator: 'dossiers_online', value: 30 + 5 * n, period: today },
  ]);
  const res = await api(province.url, '/api/v1/events', { events });
  if (res.status !== 202) throw new Error(`write: ${res.status}`);
  await waitFor(async () => ((await api(national.url, '/api/v1/state')).body as { state: { indicators: Record<string, { byScope: Record<string, { value: number | null }> }> } }).state.indicators.dossiers_total?.byScope['nghe-an']?.value === 5 * 40 + 7 * 15, 30_000, 'the nation showing Nghệ An');
  const browser = await launchBrowser(['--host-resolver-rules=MAP ioc-wall.test 127.0.0.1']);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    page.on('pageerror', (e) => process.stderr.write(`page: ${String(e)}\n`));
    await page.goto(`${named(province.url)}/admin#token=${ADMIN_TOKEN}`);
    await page.waitForSelector('[data-testid=health-upstream]', { timeout: 30_000 });
    await page.locator('[data-testid=health]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}issue21-admin-health.png` });
    await page.goto(`${named(national.url)}/wall?pages=localities:600&alert=0#token=${viewer}`);
    await page.waitForSelector('[data-testid=wall][data-page=localities] [data-unit=nghe-an]', { timeout: 30_000 });
    await page.waitForFunction(() => document.fonts.status === 'loaded' && [...document.querySelectorAll('[_echarts_instance_]')].every((c) => c.querySelector('canvas')), undefined, { timeout: 30_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: `${OUT}issue21-national-wall.png` });
  } finally {
    await browser.close();
  }
} finally {
  for (const s of servers) await s.stop();
  rmSync(dir, { recursive: true, force: true });
}
