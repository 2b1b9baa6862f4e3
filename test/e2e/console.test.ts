import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StoredEvent } from '@shared/events';
import { localDay } from '@shared/time';
import { api, ADMIN_TOKEN, issueToken } from '../helpers/server';
import { ARTIFACTS, hasScrollbars, launchBrowser, openPage } from '../helpers/browser';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';

const prefix = testPrefix('e2e-console');
const env = { REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' };
let node: ServerProcess;
let port: number;
let browser: Browser;
let dic: string;
let viewer: string;

async function openConsole(token: string, path = '/console', viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, viewport);
  await opened.page.goto(`${node.url}${path}#token=${token}`);
  await opened.page.waitForSelector('[data-testid=console], [data-testid=revoked], [data-testid=not-unit]', { timeout: 20_000 });
  return opened;
}

async function wholeLog(): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (let after = 0; ; ) {
    const page = await api(node.url, `/api/v1/events?after=${after}&limit=1000`);
    const events = page.body.events as StoredEvent[];
    all.push(...events);
    if (events.length < 1000) return all;
    after = page.body.next as number;
  }
}

beforeAll(async () => {
  port = await freePort();
  node = await spawnServer(env, port);
  dic = (await issueToken(node.url, 'unit', 'dic')).token;
  viewer = (await issueToken(node.url, 'viewer')).token;
  browser = await launchBrowser();
}, 60_000);

afterEach(async () => {
  if (node.proc.exitCode !== null || node.proc.signalCode !== null) node = await spawnServer(env, port);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await node?.stop();
  await dropPrefix(prefix);
});

describe('the unit console in Chromium', () => {
  it("reports a day's counts and an item's progress, and the wall shows them", async () => {
    const { page, errors } = await openConsole(dic);
    const counts = page.locator('[data-testid=counts-form]');
    await counts.locator('input[name=dossiers_online]').fill('31');
    await counts.locator('input[name=dossiers_total]').fill('47');
    await counts.locator('[data-testid=send-counts]').click();
    await expect.poll(() => counts.locator('[data-testid=outcome]').textContent(), { timeout: 10_000 }).toMatch(/Đã lưu \(sự kiện #\d+, #\d+\)/);

    // m01 is led by dic: open it from the list, try a percent over 100 (told next to the field), then send.
    await page.locator('[data-item=m01] button.link').click();
    const progress = page.locator('[data-testid=progress-form]');
    await progress.locator('select').nth(1).selectOption('in_progress');
    await progress.locator('input[name=percent]').fill('150');
    await progress.locator('[data-testid=send-progress]').click();
    expect(await progress.locator('.field.invalid').textContent()).toContain('100');
    await progress.locator('input[name=percent]').fill('71');
    await progress.locator('input[name=note]').fill('Đã triển khai 38/53 dịch vụ');
    await progress.locator('[data-testid=send-progress]').click();
    await expect.poll(() => progress.locator('[data-testid=outcome]').textContent(), { timeout: 10_000 }).toContain('Đã lưu');
    await expect.poll(() => page.locator('[data-testid=history]').textContent(), { timeout: 10_000 }).toContain('71%');
    await page.screenshot({ path: `${ARTIFACTS}console-desktop.png`, fullPage: true });

    const wall = await openPage(browser, { width: 1920, height: 1080 });
    await wall.page.goto(`${node.url}/wall?pages=overview:60#token=${viewer}`);
    await wall.page.waitForSelector('[data-state=ready]', { timeout: 15_000 });
    const ticker = await wall.page.locator('[data-testid=ticker]').textContent();
    expect(ticker).toContain('71%');
    expect(ticker).toContain('47');
    const state = await api(node.url, '/api/v1/state');
    const s = state.body.state as { counters: Record<string, Record<string, Record<string, number>>>; items: Record<string, { percent: number }> };
    expect(s.counters.dossiers_total?.dic?.[localDay(Date.now(), 'Asia/Ho_Chi_Minh')]).toBe(47);
    expect(s.items.m01?.percent).toBe(71);
    expect(errors).toEqual([]);
    await wall.page.context().close();
    await page.context().close();
  }, 90_000);

  it("says the form's day in Vietnamese with its weekday, whatever order the browser's date field writes it in", async () => {
    // Headless Chromium speaks en-US: its date field shows 2 April 2024 as 04/02/2024.
    const { page } = await openConsole(dic);
    const day = page.locator('[data-testid=counts-form] input[name=day]');
    await day.fill('2024-04-02');
    const note = page.locator(`[id="${await day.getAttribute('aria-describedby')}"]`);
    expect(await note.textContent()).toBe('Thứ Ba, 02/04/2024');
    await day.fill('2024-02-04');
    expect(await note.textContent()).toBe('Chủ Nhật, 04/02/2024');
    await page.context().close();
  }, 60_000);

  it('fits a phone: no sideways scrolling, the day\'s counts first', async () => {
    const { page } = await openConsole(dic, '/console', { width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await hasScrollbars(page)).toBe(false);
    const [countsTop, itemsTop] = await Promise.all(['[data-testid=counts-form]', '[data-testid=own-items]'].map((s) => page.locator(s).evaluate((el) => el.getBoundingClientRect().top)));
    expect(countsTop!).toBeLessThan(itemsTop!);
    await page.screenshot({ path: `${ARTIFACTS}console-phone.png` });
    await page.context().close();
  }, 60_000);

  it("shows the server's own refusal next to the field in Vietnamese, from its code: online above total", async () => {
    const { page, errors } = await openConsole(dic);
    // The form runs the server's checks before sending, so a figure only the server refuses is made on the way: the
    // request's total becomes 1, below the 31 online dossiers, and the real server answers 400 with a coded detail.
    let refused: { status: number; details: unknown[] } | null = null;
    await page.route('**/api/v1/events', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { events?: { indicator?: string; value?: number }[] };
      for (const event of body.events ?? []) if (event.indicator === 'dossiers_total') event.value = 1;
      const answer = await route.fetch({ postData: JSON.stringify(body) });
      refused = { status: answer.status(), details: ((await answer.json()) as { error?: { details?: unknown[] } }).error?.details ?? [] };
      await route.fulfill({ response: answer });
    });
    const before = (await wholeLog()).length;
    const counts = page.locator('[data-testid=counts-form]');
    await counts.locator('input[name=dossiers_online]').fill('31');
    await counts.locator('input[name=dossiers_total]').fill('47');
    await counts.locator('[data-testid=send-counts]').click();
    const field = counts.locator('.field.invalid');
    await expect.poll(() => field.textContent(), { timeout: 10_000 }).toMatch(/Hồ sơ trực tuyến \(31\) lớn hơn Tổng hồ sơ tiếp nhận \(1\) của Sở Thông tin và Truyền thông ngày \d{4}-\d\d-\d\d/);
    expect(refused).toMatchObject({ status: 400, details: [{ path: 'events.0.value', code: 'online_above_total', params: { numerator: 'dossiers_online', value: 31, total: 1 } }] });
    expect(await field.textContent()).not.toMatch(/above|server|máy chủ không chấp nhận/);
    expect(await counts.locator('[data-testid=outcome]').textContent()).toBe('Máy chủ từ chối báo cáo này.');
    expect((await wholeLog()).length).toBe(before);
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('queues a note sent while the server is down, keeps it across a reload, and stores it once when the server is back', async () => {
    const { page } = await openConsole(dic);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const text = `Ghi chú khi mất kết nối ${Date.now()}`;
    await node.kill();
    try {
      const form = page.locator('[data-testid=note-form]');
      await form.locator('input[name=text]').fill(text);
      await form.locator('[data-testid=send-note]').click();
      await expect.poll(() => form.locator('[data-testid=outcome]').textContent(), { timeout: 20_000 }).toContain('Chưa gửi được');
      expect(await form.locator('input[name=text]').inputValue()).toBe(text);
      expect(await page.locator('[data-testid=waiting-count]').textContent()).toBe('Chờ gửi: 1');
      await page.reload();
      await page.waitForSelector('[data-testid=console]', { timeout: 10_000 });
      expect(await page.locator('[data-testid=waiting-count]').textContent()).toBe('Chờ gửi: 1');
      await page.screenshot({ path: `${ARTIFACTS}console-queued.png` });
    } finally {
      node = await spawnServer(env, port);
    }
    await expect.poll(() => page.locator('[data-testid=waiting-count]').textContent(), { timeout: 40_000 }).toBe('Chờ gửi: 0');
    const notes = (await wholeLog()).filter((e) => e.type === 'note.posted' && e.text === text);
    expect(notes).toHaveLength(1);
    await page.context().close();
  }, 120_000);

  it("keeps the evening figure when a morning figure queued offline is sent after it from the outbox", async () => {
    const { page } = await openConsole(dic);
    const day = localDay(Date.now(), 'Asia/Ho_Chi_Minh');
    await page.context().setOffline(true);
    const counts = page.locator('[data-testid=counts-form]');
    await counts.locator('input[name=dossiers_total]').fill('12');
    await counts.locator('[data-testid=send-counts]').click();
    await expect.poll(() => page.locator('[data-testid=waiting-count]').textContent(), { timeout: 20_000 }).toBe('Chờ gửi: 1');
    // The evening figure, from another device, later in the day, stored while this console is offline.
    const evening = { id: `evening-${Date.now()}`, type: 'indicator.reported', unit: 'dic', at: new Date(Date.now() + 60_000).toISOString(), indicator: 'dossiers_total', value: 58, period: day };
    expect((await api(node.url, '/api/v1/events', { token: dic, body: evening })).status).toBe(202);
    await page.context().setOffline(false);
    await expect.poll(() => page.locator('[data-testid=waiting-count]').textContent(), { timeout: 40_000 }).toBe('Chờ gửi: 0');
    // The morning figure is in the log, after the evening one; the evening figure stays in force.
    const totals = (await wholeLog()).filter((e) => e.type === 'indicator.reported' && e.unit === 'dic' && e.indicator === 'dossiers_total' && e.period === day);
    expect(totals.slice(-2).map((e) => (e.type === 'indicator.reported' ? e.value : null))).toEqual([58, 12]);
    const s = (await api(node.url, '/api/v1/state')).body.state as { counters: Record<string, Record<string, Record<string, number>>> };
    expect(s.counters.dossiers_total?.dic?.[day]).toBe(58);
    await page.context().close();
  }, 120_000);

  it('stores nothing from a CSV with one bad line and names it; the same good file sent twice is stored once', async () => {
    const { page } = await openConsole(dic);
    const seqBefore = (await api(node.url, '/api/v1/state')).body.seq as number;
    const bad = '\uFEFFunit;day;dossiers_online;dossiers_total\r\ndic;01/03/2024;10;20\r\ndic;02/03/2024;11;-5\r\n';
    await page.locator('[data-testid=csv-file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await expect.poll(() => page.locator('[data-testid=csv-problems]').textContent()).toContain('dòng 3, cột 4: -5 là số âm');
    expect(await page.locator('[data-testid=csv-send]').count()).toBe(0);
    expect((await api(node.url, '/api/v1/state')).body.seq).toBe(seqBefore);

    const good = 'unit,day,dossiers_online,dossiers_total\ndic,2024-03-01,10,20\ndic,2024-03-02,11,21\n';
    for (const [round, expected] of [[1, 'Đã lưu 4 số liệu mới; 0 số liệu đã có từ trước.'], [2, 'Đã lưu 0 số liệu mới; 4 số liệu đã có từ trước.']] as const) {
      await page.locator('[data-testid=csv-file]').setInputFiles({ name: `good-${round}.csv`, mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.locator('[data-testid=csv-send]').click();
      await expect.poll(() => page.locator('[data-testid=csv-outcome]').textContent(), { timeout: 15_000 }).toBe(expected);
    }
    expect((await api(node.url, '/api/v1/state')).body.seq).toBe(seqBefore + 4);
    await page.context().close();
  }, 90_000);

  it("tells a unit that opens another unit's item by URL that it is not theirs, and does not let it submit", async () => {
    const { page } = await openConsole(dic, '/console?item=t01');
    expect(await page.locator('[data-testid=not-yours]').textContent()).toContain('không phải của đơn vị bạn');
    expect(await page.locator('[data-testid=send-progress]').isDisabled()).toBe(true);
    await page.context().close();
  }, 60_000);

  it('tells an open console at once that its token was revoked', async () => {
    const token = await issueToken(node.url, 'unit', 'dic');
    const { page } = await openConsole(token.token, '/console?lang=en');
    await page.waitForSelector('[data-testid=connection]:has-text("Connected")', { timeout: 10_000 });
    expect((await api(node.url, `/api/v1/tokens/${token.id}`, { method: 'DELETE' })).status).toBe(204);
    await page.waitForSelector('[data-testid=revoked]', { timeout: 5_000 });
    expect(await page.locator('[data-testid=revoked]').textContent()).toContain('revoked');
    await page.context().close();
  }, 60_000);
});
