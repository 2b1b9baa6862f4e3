import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { localDay } from '@shared/time';
import { api, ADMIN_TOKEN, demoConfig, issueToken, noteEvent } from '../helpers/server';
import { ARTIFACTS, launchBrowser, openPage } from '../helpers/browser';
import { spawnRedis, spawnServer, waitFor, type RedisProcess, type ServerProcess } from '../helpers/process';
import { testPrefix } from '../helpers/redis';

// The wall's node stays up while its Redis stops: only the node's heartbeat can tell the wall.
const dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-stale-'));
const prefix = testPrefix('e2e-stale');
const today = () => localDay(Date.now(), demoConfig.province.timeZone);
let redis: RedisProcess;
let nodeA: ServerProcess;
let nodeB: ServerProcess;
let browser: Browser;
let context: BrowserContext | null = null;
let viewer: string;

beforeAll(async () => {
  redis = await spawnRedis(dir);
  const env = { REDIS_URL: redis.url, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' };
  // One after the other: two cold starts at once on a loaded 2-core machine can take long.
  nodeA = await spawnServer(env);
  nodeB = await spawnServer(env);
  viewer = (await issueToken(nodeA.url, 'viewer')).token;
  const seed = { id: 'seed-vneid', type: 'indicator.reported', unit: 'police', at: new Date().toISOString(), indicator: 'vneid_level2', value: 1_111_111, period: today() };
  expect((await api(nodeA.url, '/api/v1/events', { body: seed })).status).toBe(202);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  try {
    await context?.close();
    await browser?.close();
  } finally {
    await nodeA?.stop();
    await nodeB?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

/** Posts `body` through `url` until it is acknowledged (the node reconnects to Redis by itself). */
async function writeUntilStored(url: string, body: unknown): Promise<void> {
  await waitFor(async () => (await api(url, '/api/v1/events', { body })).status === 202, 30_000, 'a write to be acknowledged');
}

describe('the wall when its node cannot reach the store', () => {
  it('stays quiet while data flows, says "store unreachable" when Redis stops, and clears with every event written meanwhile once it is back', async () => {
    const opened = await openPage(browser, { width: 1920, height: 1080 });
    context = opened.page.context();
    const page = opened.page;
    await page.goto(`${nodeA.url}/wall?pages=overview:600&stale=10#token=${viewer}`);
    await page.waitForSelector('[data-state=ready]', { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=kpi-vneid_level2]')?.textContent?.includes('1.111.111'), undefined, { timeout: 10_000 });

    // Normal operation with nothing written for longer than the threshold: the heartbeats keep the wall trusted.
    const quietUntil = Date.now() + 14_000;
    while (Date.now() < quietUntil) {
      expect(await page.locator('[data-testid=banner]').count()).toBe(0);
      await page.waitForTimeout(500);
    }

    await redis.stop();
    try {
      // Within the threshold (10 s), with room for a loaded machine.
      await page.waitForSelector('[data-testid=banner][data-kind=warn]', { timeout: 20_000 });
      const text = await page.locator('[data-testid=banner]').textContent();
      expect(text).toMatch(/^Kho dữ liệu không truy cập được: dữ liệu không được cập nhật, tính đến \d\d:\d\d \((vừa xong|\d+ giây trước)\)$/);
      // The node itself is up: this is not the disconnected banner.
      expect((await fetch(`${nodeA.url}/healthz`)).status).toBe(200);
      await page.screenshot({ path: `${ARTIFACTS}wall-store-unreachable.png` });
    } finally {
      await redis.start();
    }

    // Written through the other node once Redis is back, before node A has caught up.
    const note = noteEvent('dic', 'Ghi chú sau khi kho dữ liệu trở lại');
    await writeUntilStored(nodeB.url, note);
    await writeUntilStored(nodeB.url, { id: 'vneid-after-outage', type: 'indicator.reported', unit: 'police', at: new Date().toISOString(), indicator: 'vneid_level2', value: 1_888_888, period: today() });

    await page.waitForSelector('[data-testid=banner]', { state: 'detached', timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=kpi-vneid_level2]')?.textContent?.includes('1.888.888'), undefined, { timeout: 15_000 });
    await page.waitForFunction((text) => document.querySelector('[data-testid=ticker]')?.textContent?.includes(text), 'Ghi chú sau khi kho dữ liệu trở lại', { timeout: 15_000 });
    await context.close();
    context = null;
  }, 120_000);
});
