/**
 * `npx tsx test/setup/with-redis.ts test/screenshots/take-national.ts`: the national roll-up deployment's wall (the 34
 * provinces on the tile map and in the ranking), opened by a non-localhost name, into
 * test/artifacts/national-wall.png. Needs the built client (`npx vite build`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PROVINCES_2025, rollupConfig } from '../../server/config/national';
import { ARTIFACTS } from '../helpers/browser';
import { spawnServer } from '../helpers/process';
import { ADMIN_TOKEN, api } from '../helpers/server';

// Run through test/setup/with-redis.ts (the helpers read TEST_REDIS_URL even though this server uses the embedded store).

const dir = mkdtempSync(join(tmpdir(), 'ioc-national-shot-'));
writeFileSync(join(dir, 'vn.json'), JSON.stringify(rollupConfig()));
const server = await spawnServer({ IOC_CONFIG: join(dir, 'vn.json'), IOC_DATA_DIR: join(dir, 'data'), IOC_ADMIN_TOKEN: ADMIN_TOKEN });
try {
  const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const at = new Date().toISOString();
  // What the provinces' reporters would have sent: each province's day, online share from 35% to 95%.
  const events = PROVINCES_2025.flatMap((p, i) => {
    const total = p.communes * 20;
    const online = Math.round(total * (0.35 + ((i * 7) % 13) / 20));
    return [
      { id: `${p.id}:dossiers_total:${period}:1`, type: 'indicator.reported', unit: p.id, at, indicator: 'dossiers_total', period, value: total },
      { id: `${p.id}:dossiers_online:${period}:1`, type: 'indicator.reported', unit: p.id, at, indicator: 'dossiers_online', period, value: Math.min(online, total) },
    ];
  });
  const res = await api(server.url, '/api/v1/events', { body: { events } });
  if (res.status !== 202) throw new Error(`events: ${res.status} ${JSON.stringify(res.body)}`);
  const port = new URL(server.url).port;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP ioc-wall.test 127.0.0.1'],
  });
  // Until helmet's upgrade-insecure-requests is dropped on plain HTTP (another branch's fix), the CSP is bypassed here.
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
  page.on('pageerror', (e) => console.error(`page error: ${String(e)}`));
  page.on('console', (m) => m.type() === 'error' && console.error(`console: ${m.text()}`));
  await page.goto(`http://ioc-wall.test:${port}/wall?pages=localities#token=${ADMIN_TOKEN}`);
  await page.waitForSelector('[data-testid="tile-map"] .tile', { timeout: 20_000 }).catch((err: unknown) => console.error(String(err)));
  await page.waitForTimeout(2_000);
  await page.screenshot({ path: join(ARTIFACTS, 'national-wall.png') });
  console.log(`tiles: ${await page.locator('[data-testid="tile-map"] .tile').count()}; ${join(ARTIFACTS, 'national-wall.png')}`);
  await browser.close();
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
