import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser, openPage } from '../helpers/browser';
import { spawnServer, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, demoConfig, issueToken } from '../helpers/server';

const prefix = testPrefix('e2e-desk');
const configDir = mkdtempSync(join(tmpdir(), 'ioc-desk-'));
let server: ServerProcess;
let browser: Browser;
let viewer: string;
let operator: string;
const opened: { page: Page; errors: string[] }[] = [];

beforeAll(async () => {
  // The demo plan with every item due far ahead but t03 and m05: two overdue alerts, all on the wall at once.
  const items = demoConfig.items.map((i) => (i.id === 't03' || i.id === 'm05' ? i : { ...i, due: '2099-12-31' }));
  const path = join(configDir, 'province.json');
  writeFileSync(path, JSON.stringify({ ...demoConfig, items }));
  server = await spawnServer({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_CONFIG: path, IOC_RATE_LIMIT: '0' });
  viewer = (await issueToken(server.url, 'viewer')).token;
  operator = (await issueToken(server.url, 'operator')).token;
  browser = await launchBrowser();
}, 60_000);

// Every page a test opened: no console errors, then closed, so walls do not pile up on two cores.
afterEach(async () => {
  const pages = opened.splice(0);
  for (const o of pages) await o.page.context().close();
  for (const o of pages) expect(o.errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await dropPrefix(prefix);
  rmSync(configDir, { recursive: true, force: true });
});

async function open(path: string, token: string, ready: string): Promise<Page> {
  const o = await openPage(browser, { width: 1920, height: 1080 });
  opened.push(o);
  await o.page.goto(`${server.url}${path}#token=${token}`);
  await o.page.waitForSelector(ready, { timeout: 20_000 });
  return o.page;
}
const openWall = (id: string, pages = 'overview:60,localities:60') => open(`/wall?pages=${pages}&display=${id}&label=${encodeURIComponent(`Wall ${id}`)}`, viewer, '[data-state=ready]');
const openDesk = () => open('/desk', operator, '[data-testid=desk-alerts] [data-alert]');
const pageOf = (wall: Page) => wall.locator('[data-testid=wall]').getAttribute('data-page');

/** Picks a wall in the desk's steering form once the desk lists it (the list is asked for every 3 s). */
async function target(desk: Page, id: string): Promise<void> {
  await desk.waitForSelector(`[data-testid=steer-target] option[value="${id}"]`, { state: 'attached', timeout: 10_000 });
  await desk.selectOption('[data-testid=steer-target]', id);
}

describe('the operator desk in Chromium', () => {
  it('acknowledges an alert with a note, names who did it, and the wall shows it acknowledged', async () => {
    const wall = await openWall('lobby');
    const onWall = wall.locator('[data-testid=alerts] [data-alert="overdue:t03"]');
    expect(await onWall.getAttribute('data-acknowledged')).toBe('false');
    const desk = await openDesk();
    const row = desk.locator('[data-testid=desk-alerts] [data-alert="overdue:t03"]');
    expect(await row.textContent()).toContain('Chủ trì');
    await row.locator('[data-testid=ack]').click();
    await row.locator('[data-testid=ack-note]').fill('Đã gọi đơn vị chủ trì');
    await row.locator('[data-testid=ack-confirm]').click();
    await desk.waitForSelector('[data-testid=desk-alerts] [data-testid=write-result][data-ok=true]', { timeout: 5_000 });
    await row.locator('[data-testid=ack-info]').waitFor({ timeout: 5_000 });
    expect(await row.locator('[data-testid=ack-info]').textContent()).toMatch(/Đã xác nhận: test operator \(Sở Thông tin và Truyền thông\) lúc \d\d:\d\d .* — Đã gọi đơn vị chủ trì/);
    await wall.waitForSelector('[data-testid=alerts] [data-alert="overdue:t03"][data-acknowledged=true]', { timeout: 2_000 });
    expect(await onWall.textContent()).toMatch(/^✓ .*đã xác nhận \d\d:\d\d$/);
    expect(await onWall.getAttribute('class')).toContain('acked');
    expect(await wall.locator('[data-testid=alerts] [data-alert="overdue:m05"]').getAttribute('data-acknowledged')).toBe('false');
    expect(await desk.locator('[data-testid=desk-acks] [data-ack="overdue:t03"]').textContent()).toContain('vẫn đang cảnh báo');
    await desk.screenshot({ path: `${ARTIFACTS}desk-1080p.png` });
    await wall.screenshot({ path: `${ARTIFACTS}wall-acknowledged.png` });
  }, 60_000);

  it('shows the chosen page on the steered wall within a second, and puts it back in rotation after the set time', async () => {
    const wall = await openWall('hall');
    const other = await openWall('annex');
    expect(await pageOf(wall)).toBe('overview');
    const desk = await openDesk();
    await target(desk, 'hall');
    await desk.selectOption('[data-testid=steer-page]', 'plan');
    await desk.fill('[data-testid=steer-seconds]', '5');
    // How fast the wall follows is the benchmark's business; here, that it does.
    await desk.click('[data-testid=steer-show]');
    await wall.waitForSelector('[data-testid=wall][data-page=plan][data-steered=page]', { timeout: 10_000 });
    await wall.screenshot({ path: `${ARTIFACTS}wall-steered-plan.png` });
    // Only the wall chosen: the other one stays in its rotation.
    expect(await pageOf(other)).toBe('overview');
    // The desk hears which page the wall shows.
    await desk.waitForFunction(() => document.querySelector('[data-wall=hall]')?.textContent?.includes('Kế hoạch'), undefined, { timeout: 10_000 });
    await wall.waitForSelector('[data-testid=wall][data-page=overview][data-steered=""]', { timeout: 8_000 });
  }, 60_000);

  it('puts a full-screen message on every wall, clears it, pauses and resumes the rotation', async () => {
    const wall = await openWall('foyer');
    const desk = await openDesk();
    await target(desk, 'all');
    await desk.fill('[data-testid=steer-text]', 'Đoàn lãnh đạo tỉnh thăm IOC lúc 15:00');
    await desk.click('[data-testid=steer-message]');
    await wall.waitForSelector('[data-testid=steer-message]', { timeout: 10_000 });
    expect(await wall.locator('[data-testid=steer-message]').textContent()).toBe('Đoàn lãnh đạo tỉnh thăm IOC lúc 15:00');
    await wall.screenshot({ path: `${ARTIFACTS}wall-message.png` });
    await desk.click('[data-testid=steer-clear]');
    await wall.waitForSelector('[data-testid=steer-message]', { state: 'detached', timeout: 10_000 });

    await desk.click('[data-testid=steer-pause]');
    await wall.waitForSelector('.paused', { timeout: 10_000 });
    await desk.click('[data-testid=steer-resume]');
    await wall.waitForSelector('.paused', { state: 'detached', timeout: 10_000 });
  }, 60_000);

  it('does not show a message again to a wall that reloads after it ran out', async () => {
    const wall = await openWall('porch');
    const desk = await openDesk();
    await target(desk, 'porch');
    await desk.fill('[data-testid=steer-text]', 'Kiểm tra hệ thống');
    await desk.fill('[data-testid=steer-message-seconds]', '5');
    await desk.click('[data-testid=steer-message]');
    await wall.waitForSelector('[data-testid=steer-message]', { timeout: 1_000 });
    await wall.waitForSelector('[data-testid=steer-message]', { state: 'detached', timeout: 8_000 });
    await wall.reload();
    await wall.waitForSelector('[data-state=ready]', { timeout: 15_000 });
    await wall.waitForTimeout(1_000);
    expect(await wall.locator('[data-testid=steer-message]').count()).toBe(0);
  }, 60_000);

  it('posts a note with a severity to the walls\' ticker, and refuses the desk to a viewer token', async () => {
    const wall = await openWall('side', 'overview:60');
    const desk = await openDesk();
    await desk.fill('[data-testid=note-text]', 'Mất điện tại Trung tâm PVHCC, dự kiến khắc phục 16:00');
    await desk.selectOption('[data-testid=note-severity]', 'critical');
    await desk.click('[data-testid=note-post]');
    await wall.waitForFunction(() => document.querySelector('[data-testid=ticker] li.note.critical')?.textContent?.includes('Mất điện tại Trung tâm PVHCC'), undefined, { timeout: 2_000 });
    await desk.fill('[data-testid=mark-title]', 'Giao ban tuần 14');
    await desk.click('[data-testid=mark-post]');
    await desk.waitForFunction(() => document.querySelector('[data-testid=desk-notes]')?.textContent?.includes('Mốc gần nhất: Giao ban tuần 14'), undefined, { timeout: 5_000 });

    const refused = await open('/desk?lang=en', viewer, '[data-testid=not-operator]');
    expect(await refused.locator('[data-testid=not-operator]').textContent()).toBe("The desk needs an operator's or an admin's token.");
    // The desk learns the token's role from the walls' list, which answers a viewer 403: the browser logs that one.
    const logged = opened.find((o) => o.page === refused)!;
    expect(logged.errors).toEqual(['Failed to load resource: the server responded with a status of 403 (Forbidden)']);
    logged.errors.length = 0;
  }, 60_000);
});
