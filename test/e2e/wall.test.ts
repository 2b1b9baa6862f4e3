import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { localDay } from '@shared/time';
import { api, ADMIN_TOKEN, demoConfig, issueToken, noteEvent } from '../helpers/server';
import { ARTIFACTS, hasScrollbars, launchBrowser, openPage } from '../helpers/browser';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';

const prefix = testPrefix('e2e-wall');
const env = { REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' };
let nodeA: ServerProcess;
let nodeB: ServerProcess;
let portA: number;
let browser: Browser;
let viewer: string;
/** Counters are totalled per day in the province's time zone (UTC+7), not in UTC. */
const today = () => localDay(Date.now(), demoConfig.province.timeZone);
/** Pages opened by the running test, closed after it whether it passed or not. */
const contexts: BrowserContext[] = [];

async function seed(url: string): Promise<void> {
  const events = ['vinh', 'nghi-loc', 'dien-chau', 'quynh-luu', 'ky-son', 'pas-centre'].flatMap((unit, i) => [
    { id: `seed-on-${unit}`, type: 'indicator.reported', unit, at: new Date().toISOString(), indicator: 'dossiers_online', value: 30 + i * 12, period: today() },
    { id: `seed-all-${unit}`, type: 'indicator.reported', unit, at: new Date().toISOString(), indicator: 'dossiers_total', value: 100, period: today() },
  ]);
  events.push({ id: 'seed-ess', type: 'indicator.reported', unit: 'dic', at: new Date().toISOString(), indicator: 'essential_services', value: 45, period: today() } as (typeof events)[number]);
  const res = await api(url, '/api/v1/events', { body: { events } });
  expect(res.status).toBe(202);
}

async function openWall(path: string, viewport = { width: 1920, height: 1080 }, scale = 1, beforeOpen?: (page: Page) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, viewport, scale);
  contexts.push(opened.page.context());
  await beforeOpen?.(opened.page);
  await opened.page.goto(`${nodeA.url}${path}#token=${viewer}`);
  await opened.page.waitForSelector('[data-state=ready]', { timeout: 15_000 });
  return opened;
}

beforeAll(async () => {
  portA = await freePort();
  [nodeA, nodeB] = await Promise.all([spawnServer(env, portA), spawnServer(env)]);
  viewer = (await issueToken(nodeA.url, 'viewer')).token;
  await seed(nodeA.url);
  browser = await launchBrowser();
}, 60_000);

// A test that failed while its node was down must not take the following tests down with it.
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  if (nodeA && (nodeA.proc.exitCode !== null || nodeA.proc.signalCode !== null)) nodeA = await spawnServer(env, portA);
}, 30_000);

afterAll(async () => {
  try {
    await browser?.close();
    await nodeA?.stop();
    await nodeB?.stop();
  } finally {
    await dropPrefix(prefix);
  }
});

describe('the wall in Chromium', () => {
  it.each([
    ['4k', { width: 3840, height: 2160 }, 1],
    ['1080p', { width: 1920, height: 1080 }, 1],
    ['32x9', { width: 7680, height: 2160 }, 1],
    ['windows-125', { width: 1536, height: 864 }, 1.25],
    ['windows-150', { width: 1280, height: 720 }, 1.5],
  ])('renders at %s with no console errors and no scrollbars', async (name, viewport, scale) => {
    const { page, errors } = await openWall('/wall?pages=overview:60', viewport, scale);
    // Laid out for good: the fonts are in and the figures drawn (they change the boxes' sizes).
    await page.waitForFunction(() => document.fonts.status === 'loaded' && /%/.test(document.querySelector('[data-testid=kpi-online_rate]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await hasScrollbars(page)).toBe(false);
    const box = await page.locator('.canvas').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(-1);
    expect(box!.y).toBeGreaterThanOrEqual(-1);
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width + 1);
    expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height + 1);
    expect(await page.locator('[data-testid=kpi-online_rate]').textContent()).toMatch(/%/);
    expect(await page.locator('[data-testid=footer]').textContent()).toMatch(/^Dữ liệu tính đến \d\d:\d\d:\d\d \d\d\/\d\d\/\d{4} · sự kiện #\d+$/);
    if (name === '32x9') expect(await page.locator('.page.overview').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}wall-${name}.png` });
    expect(errors).toEqual([]);
  });

  // How fast is the benchmark's business (npm run bench: push-to-pixel); here, that it arrives at all.
  it('shows a value written through the API on another node, without a reload', async () => {
    const { page } = await openWall('/wall?pages=overview:60');
    const kpi = page.locator('[data-testid=kpi-vneid_level2]');
    const value = 1_000_000 + Math.floor(Math.random() * 900_000);
    const res = await api(nodeB.url, '/api/v1/events', { body: { id: `vneid-${value}`, type: 'indicator.reported', unit: 'police', at: new Date().toISOString(), indicator: 'vneid_level2', value, period: today() } });
    expect(res.status).toBe(202);
    const shown = new Intl.NumberFormat('vi-VN').format(value);
    await page.waitForFunction((text) => document.querySelector('[data-testid=kpi-vneid_level2]')?.textContent?.includes(text), shown, { timeout: 10_000 });
    expect(await kpi.textContent()).toContain(shown);
  });

  it('keeps the wall token when a console link is opened in the same browser', async () => {
    const { page } = await openWall('/wall?pages=overview:60');
    await page.goto(`${nodeA.url}/console?lang=en#token=a-unit-token-of-someone-else`);
    // The console keeps its own token and tells its user plainly that this one is not valid.
    await page.waitForSelector('[data-testid=revoked]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=revoked]').textContent()).toBe('This token was revoked or is not valid. Ask an administrator for a new one.');
    await page.goto(`${nodeA.url}/wall?pages=overview:60`);
    await page.waitForSelector('[data-state=ready]', { timeout: 15_000 });
    expect(await page.evaluate(() => [localStorage.getItem('ioc.token.wall'), localStorage.getItem('ioc.token.console')])).toEqual([viewer, 'a-unit-token-of-someone-else']);
  });

  it('says so when it cannot load the configuration and has nothing saved, and draws once it can', async () => {
    const opened = await openPage(browser, { width: 1920, height: 1080 });
    contexts.push(opened.page.context());
    const page = opened.page;
    let refuse = true;
    await page.route('**/api/v1/config', (route) => (refuse ? route.abort('connectionrefused') : route.continue()));
    await page.goto(`${nodeA.url}/wall?pages=overview:60#token=${viewer}`);
    await page.waitForFunction(() => document.querySelector('[data-testid=banner]')?.textContent === 'Không kết nối được máy chủ để tải cấu hình; đang thử lại…', undefined, { timeout: 15_000 });
    expect(await page.locator('[data-testid=wall]').getAttribute('data-state')).toBe('loading');
    refuse = false;
    // Retried with backoff (1 s, 2 s, 4 s, ...): it gets there by itself, with no reload.
    await page.waitForSelector('[data-state=ready]', { timeout: 40_000 });
    await page.waitForSelector('[data-testid=banner]', { state: 'detached', timeout: 15_000 });
  }, 90_000);

  it('shows the banner when its server stops, and after a restart clears it and shows what was written meanwhile', async () => {
    const { page } = await openWall('/wall?pages=overview:60&stale=10');
    expect(await page.locator('[data-testid=banner]').count()).toBe(0);
    await nodeA.kill();
    await page.waitForSelector('[data-testid=banner]', { timeout: 15_000 });
    const text = await page.locator('[data-testid=banner]').textContent();
    expect(text).toMatch(/Mất kết nối máy chủ — dữ liệu tính đến \d\d:\d\d/);
    await page.screenshot({ path: `${ARTIFACTS}wall-disconnected.png` });
    // While this wall's node is down, units keep writing through the other node.
    const note = noteEvent('dic', 'Ghi chú trong lúc mất kết nối');
    expect((await api(nodeB.url, '/api/v1/events', { body: note })).status).toBe(202);
    const value = 1_777_777;
    expect((await api(nodeB.url, '/api/v1/events', { body: { id: 'vneid-meanwhile', type: 'indicator.reported', unit: 'police', at: new Date().toISOString(), indicator: 'vneid_level2', value, period: today() } })).status).toBe(202);
    nodeA = await spawnServer(env, portA);
    await page.waitForSelector('[data-testid=banner]', { state: 'detached', timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=kpi-vneid_level2]')?.textContent?.includes('1.777.777'), undefined, { timeout: 15_000 });
    expect(await page.locator('[data-testid=ticker]').textContent()).toContain('Ghi chú trong lúc mất kết nối');
  }, 90_000);

  it('comes back by itself after its server is stopped gracefully (SIGTERM, as a deploy does) and started again', async () => {
    const { page } = await openWall('/wall?pages=overview:60&stale=10');
    await nodeA.stop();
    // It stopped by itself, every job finished (a stop that hangs exits 1, naming where).
    expect(nodeA.proc.exitCode, nodeA.output()).toBe(0);
    await page.waitForSelector('[data-testid=banner]', { timeout: 15_000 });
    nodeA = await spawnServer(env, portA);
    await page.waitForSelector('[data-testid=banner]', { state: 'detached', timeout: 30_000 });
    // Live again: a note written now reaches its ticker.
    expect((await api(nodeB.url, '/api/v1/events', { body: noteEvent('dic', 'Ghi chú sau khi khởi động lại') })).status).toBe(202);
    await page.waitForFunction(() => document.querySelector('[data-testid=ticker]')?.textContent?.includes('Ghi chú sau khi khởi động lại'), undefined, { timeout: 15_000 });
  }, 90_000);

  it('draws the last known state at once when reloaded while its server is down', async () => {
    const { page } = await openWall('/wall?pages=overview:60');
    // The service worker has kept the app once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const before = await page.locator('[data-testid=kpi-vneid_level2]').textContent();
    await nodeA.kill();
    try {
      await page.reload();
      await page.waitForSelector('[data-state=ready]', { timeout: 15_000 });
      expect(await page.locator('[data-testid=kpi-vneid_level2]').textContent()).toBe(before);
      expect(await page.locator('[data-testid=banner]').textContent()).toMatch(/Mất kết nối máy chủ — dữ liệu tính đến \d\d:\d\d \((vừa xong|\d+ giây trước)\)/);
      await page.screenshot({ path: `${ARTIFACTS}wall-reloaded-offline.png` });
    } finally {
      nodeA = await spawnServer(env, portA);
    }
    await page.waitForSelector('[data-testid=banner]', { state: 'detached', timeout: 30_000 });
  }, 90_000);

  it('speaks English with lang=en', async () => {
    const { page, errors } = await openWall('/wall?pages=plan:60&lang=en');
    expect(await page.locator('.app').textContent()).toBe('Intelligent Operations Center');
    expect(await page.locator('[data-testid=page-name]').textContent()).toContain('Plan');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.screenshot({ path: `${ARTIFACTS}wall-plan-en.png` });
    expect(errors).toEqual([]);
  });

  it('rotates between pages with their own durations, and P pauses', async () => {
    // The page's timers run on Playwright's clock: it flows as real time does, and `runFor` moves
    // it on at once, firing every timer due meanwhile (a 5 s page takes no 5 s of the test).
    // Pages of unequal length: a wall that failed to pause would leave localities (5 s) for overview
    // (30 s) and stay there, however much real time the test's own steps take on a busy machine.
    const { page } = await openWall('/wall?pages=overview:30,localities:5', undefined, undefined, (p) => p.clock.install());
    /** The page's work queued by the timers that fired (React renders in a posted-message task) is done. */
    const settled = () => page.evaluate(() => new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }));
    const shown = () => page.locator('[data-testid=wall]').getAttribute('data-page');
    expect(await shown()).toBe('overview');
    await page.clock.runFor(30_500);
    await page.waitForSelector('[data-page=localities]', { timeout: 10_000 });
    await page.screenshot({ path: `${ARTIFACTS}wall-localities.png` });
    await page.keyboard.press('p');
    await page.waitForSelector('.paused', { timeout: 10_000 });
    // Paused: more than the page's 5 s pass on the page's clock, and the wall stays where it is.
    await page.clock.runFor(7_000);
    await settled();
    expect(await shown()).toBe('localities');
    // The same clock moves an unpaused wall on: the pause, not the clock, held it.
    await page.keyboard.press('p');
    await page.waitForSelector('.paused', { state: 'detached', timeout: 10_000 });
    await page.clock.runFor(5_500);
    await page.waitForSelector('[data-page=overview]', { timeout: 10_000 });
  }, 60_000);

  it('lets a new alert take over the screen for a while, then resumes rotation', async () => {
    const { page } = await openWall('/wall?pages=overview:60&alert=3');
    const res = await api(nodeB.url, '/api/v1/events', { body: { id: `paperless-bad-${Date.now()}`, type: 'indicator.reported', unit: 'dic', at: new Date().toISOString(), indicator: 'paperless_services', value: 2, period: today() } });
    expect(res.status).toBe(202);
    await page.waitForSelector('[data-testid=takeover][data-alert="indicator:paperless_services"]', { timeout: 15_000 });
    await page.screenshot({ path: `${ARTIFACTS}wall-alert.png` });
    await page.waitForSelector('[data-page=overview]', { timeout: 20_000 });
  }, 60_000);
});
