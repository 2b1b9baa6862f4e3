import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatIndicatorValue } from '@shared/format';
import type { StateView } from '@shared/projection';
import { SLIDES } from '@shared/briefing/config';
import { ARTIFACTS, openPage } from '../helpers/browser';
import { api, demoConfig } from '../helpers/server';
import { addDays, startOfLocalDay } from '@shared/time';
import { briefingSuite, gauge, note, today, TZ, write } from './briefing-seed';

const suite = briefingSuite('e2e-briefing');


const stateAt = async (seq: number) => (await api(suite.server.url, `/api/v1/state?seq=${seq}`)).body.state as unknown as StateView;
const indicator = (id: string) => demoConfig.indicators.find((i) => i.id === id)!;

async function openBriefing(query: string, token = suite.seeded.operator, viewport = { width: 1920, height: 1080 }, beforeOpen?: (page: Page) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(suite.browser, viewport);
  // Chromium asks for /favicon.ico by itself; the app has none, which is no error of the page.
  opened.page.on('requestfailed', () => undefined);
  await beforeOpen?.(opened.page);
  await opened.page.goto(`${suite.server.url}/briefing${query}#token=${token}`);
  await opened.page.waitForSelector('[data-testid=briefing][data-state=ready]', { timeout: 20_000 });
  return opened;
}
const attr = (page: Page, name: string) => page.locator('[data-testid=briefing]').getAttribute(name);
/** Steps forward with the clicker's key until `slide` is on screen (only the current slide is drawn). */
async function showSlide(page: Page, slide: string): Promise<void> {
  for (let i = 0; i < 40 && (await attr(page, 'data-slide')) !== slide; i++) await page.keyboard.press('PageDown');
  expect(await attr(page, 'data-slide')).toBe(slide);
}
const pageErrors = (errors: string[]) => errors.filter((e) => !/favicon|status of 404/.test(e));
/** The frame the briefing shows: its seq, its instant and whether a replay runs ('running', 'done' or ''). */
const frame = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-testid=briefing]')!;
    return { seq: Number(root.getAttribute('data-seq')), instant: root.getAttribute('data-instant')!, replay: root.getAttribute('data-replay')! };
  });
/**
 * Watches every frame the page draws from now on; the returned function lists those whose instant
 * was past the page's own clock when drawn (a replay must never show, nor ask about, the future).
 */
async function futureFrames(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const future: string[] = [];
    Object.assign(window, { futureFrames: future });
    new MutationObserver((changes) => {
      for (const change of changes) {
        const instant = (change.target as Element).getAttribute('data-instant');
        if (instant && Date.parse(instant) > Date.now()) future.push(`${instant} drawn at ${new Date().toISOString()}`);
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-instant'] });
  });
  return () => page.evaluate(() => (window as unknown as { futureFrames: string[] }).futureFrames);
}


describe('the briefing in Chromium', () => {
  it('steps through every slide by keyboard and clicker keys, from Home to End and back', async () => {
    const { page, errors } = await openBriefing(`?seq=${suite.seeded.mark2}&lang=en`);
    const pages = Number(await attr(page, 'data-pages'));
    const seen: string[] = [];
    await page.keyboard.press('Home');
    for (let i = 0; i < pages; i++) {
      expect(await attr(page, 'data-page')).toBe(String(i));
      seen.push((await attr(page, 'data-slide'))!);
      await page.keyboard.press(i % 2 ? 'PageDown' : 'ArrowRight');
    }
    expect([...new Set(seen)]).toEqual([...SLIDES]);
    expect(await attr(page, 'data-page')).toBe(String(pages - 1));
    await page.keyboard.press('PageUp');
    expect(await attr(page, 'data-page')).toBe(String(pages - 2));
    await page.keyboard.press('Home');
    expect(await attr(page, 'data-slide')).toBe('headline');
    await page.keyboard.press('End');
    expect(await attr(page, 'data-slide')).toBe('scorecard');
    await page.keyboard.press(' ', { delay: 0 });
    await page.keyboard.down('Shift');
    await page.keyboard.press(' ');
    await page.keyboard.up('Shift');
    expect(Number(await attr(page, 'data-page'))).toBe(pages - 2);
    // The address follows, so a reload opens the same slide.
    expect(new URL(page.url()).searchParams.get('slide')).toBe(await attr(page, 'data-slide'));
    expect(pageErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('opens every slide by its address, each with the stamp and its page number', async () => {
    const { page } = await openBriefing(`?seq=${suite.seeded.mark2}`);
    for (const slide of SLIDES) {
      await page.goto(`${suite.server.url}/briefing?slide=${slide}&seq=${suite.seeded.mark2}&baseline=${suite.seeded.mark1}`);
      await page.waitForSelector(`[data-testid=briefing][data-state=ready][data-slide=${slide}]`, { timeout: 10_000 });
      const current = page.locator('.slide.current');
      expect(await current.getAttribute('data-slide')).toBe(slide);
      expect(await current.locator('[data-testid=page-stamp]').textContent()).toMatch(new RegExp(`^Dữ liệu tính đến \\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4} · sự kiện #${suite.seeded.mark2} · so với giao ban \\d\\d/\\d\\d/\\d{4} \\(Giao ban tuần 13\\)$`));
      expect(await current.locator('.page-number').textContent()).toMatch(/^Trang \d+\/\d+$/);
      await page.screenshot({ path: `${ARTIFACTS}briefing-${slide}.png` });
    }
    await page.context().close();
  }, 60_000);

  it('shows the changes between two marks as the difference of the API states at their seqs', async () => {
    const [before, after] = await Promise.all([stateAt(suite.seeded.mark1), stateAt(suite.seeded.mark2)]);
    const { page } = await openBriefing(`?seq=${suite.seeded.mark2}&lang=en`);
    expect(await attr(page, 'data-baseline')).toBe(String(suite.seeded.mark1));
    // Headline: signed differences, percentage points for the rate.
    const rate = (after.indicators.online_rate!.value! - before.indicators.online_rate!.value!) * 100;
    expect(rate).toBeGreaterThan(0);
    const points = Math.abs(Number(rate.toFixed(1))).toLocaleString('en-GB', { maximumFractionDigits: 1 });
    expect(await page.locator('[data-testid=change-online_rate]').textContent()).toBe(`▲ +${points} points`);
    const vneid = after.indicators.vneid_level2!.value! - before.indicators.vneid_level2!.value!;
    expect(await page.locator('[data-testid=change-vneid_level2]').textContent()).toBe(`▲ +${vneid.toLocaleString('en-GB')}`);
    // Models: moved to done and new blockers are exactly those the two states differ by.
    const models = Object.entries(after.items).filter(([, i]) => i.kind === 'model');
    const done = models.filter(([id, i]) => i.status === 'done' && before.items[id]!.status !== 'done').map(([id]) => id);
    const blocked = models.filter(([id, i]) => i.status === 'blocked' && before.items[id]!.status !== 'blocked').map(([id]) => id);
    expect(done).toEqual(['m19']);
    expect(blocked).toEqual(['m20']);
    await showSlide(page, 'models');
    const models$ = page.locator('.slide[data-slide=models]');
    expect(await models$.locator('[data-testid=moved-to-done] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual(done);
    expect(await models$.locator('[data-testid=new-blockers] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual(blocked);
    // Rankings: each locality's move is its rank in the first state minus its rank in the second.
    const rankOf = (s: StateView) => {
      const rows = demoConfig.units.filter((u) => u.kind === 'locality' && !u.parent).flatMap((u) => (s.indicators.online_rate!.byScope[u.id]?.value == null ? [] : [{ id: u.id, v: s.indicators.online_rate!.byScope[u.id]!.value! }]));
      rows.sort((a, b) => b.v - a.v || a.id.localeCompare(b.id));
      return new Map(rows.map((r, i) => [r.id, i + 1]));
    };
    const [r1, r2] = [rankOf(before), rankOf(after)];
    await showSlide(page, 'rankings');
    const shown = await page.locator('[data-testid=ranking-locality] tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-unit'), r.getAttribute('data-rank'), r.querySelector('[data-testid=rank-move]')?.textContent ?? '']));
    const expected = [...r2].map(([id, rank]) => {
      const move = r1.get(id)! - rank;
      return [id, String(rank), move > 0 ? `▲${move}` : move < 0 ? `▼${-move}` : '='];
    });
    expect(shown.slice(0, expected.length)).toEqual(expected);
    expect(expected.find(([id]) => id === 'vinh')?.[2]).toMatch(/^▲/);
    // Notes since the baseline only.
    await showSlide(page, 'notes');
    const notes = await page.locator('[data-testid=notes-since]').textContent();
    expect(notes).toContain('Ghi chú giữa hai buổi giao ban');
    expect(notes).not.toContain('Ghi chú trước giao ban');
    expect(notes).not.toContain('Ghi chú sau giao ban');
    expect(await page.locator('[data-testid=acks-since] [data-alert="overdue:t03"]').count()).toBe(1);
    await page.context().close();
  });

  it('keeps a frozen briefing still while events arrive, counts them, and refreshes to now with R', async () => {
    const { page } = await openBriefing('?lang=en');
    const frozenSeq = await attr(page, 'data-seq');
    const headline = await page.locator('.slide[data-slide=headline]').textContent();
    const seqs = await write(suite.server.url, [gauge('police', 'vneid_level2', 1_400_000), note('dic', 'Arrived during the meeting'), gauge('dic', 'essential_services', 50)]);
    await page.waitForSelector(`[data-testid=new-events][data-count="${seqs.length}"]`, { timeout: 10_000 });
    expect(await page.locator('[data-testid=new-events]').textContent()).toBe(`+${seqs.length} new events since the freeze · R: refresh`);
    expect(await attr(page, 'data-seq')).toBe(frozenSeq);
    expect(await page.locator('.slide[data-slide=headline]').textContent()).toBe(headline);
    await page.screenshot({ path: `${ARTIFACTS}briefing-frozen.png` });
    await page.keyboard.press('r');
    await page.waitForSelector(`[data-testid=briefing][data-seq="${seqs.at(-1)}"]`, { timeout: 10_000 });
    expect(await page.locator('[data-testid=new-events]').getAttribute('data-count')).toBe('0');
    expect(await page.locator('[data-indicator=vneid_level2] .b-kpi-value').textContent()).toBe('1,400,000');
    await page.context().close();
  });

  it('time-travels to a seq, by address and by stepping, showing what GET /api/v1/state?seq= says', async () => {
    const { page } = await openBriefing(`?seq=${suite.seeded.middle}&lang=en`);
    const check = async (seq: number) => {
      await page.waitForSelector(`[data-testid=briefing][data-state=ready][data-seq="${seq}"]`, { timeout: 10_000 });
      const state = await stateAt(seq);
      for (const id of ['online_rate', 'vneid_level2', 'essential_services']) {
        const v = state.indicators[id]!.value;
        expect(await page.locator(`[data-indicator=${id}] .b-kpi-value`).textContent()).toBe(v === null ? 'No data' : formatIndicatorValue(indicator(id), v, 'en-GB'));
      }
      expect(await page.locator('.slide.current [data-testid=page-stamp]').textContent()).toContain(`event #${seq} ·`);
    };
    await check(suite.seeded.middle);
    await page.keyboard.press('t');
    await page.keyboard.press('[');
    await check(suite.seeded.middle - 1);
    await page.click('[data-testid=step-forward]');
    await page.click('[data-testid=step-forward]');
    await check(suite.seeded.middle + 1);
    await page.locator('[data-testid=timeline-range]').fill(String(suite.seeded.mark1));
    await check(suite.seeded.mark1);
    expect(new URL(page.url()).searchParams.get('seq')).toBe(String(suite.seeded.mark1));
    await page.screenshot({ path: `${ARTIFACTS}briefing-timeline.png` });
    await page.context().close();
  });

  it('replays today at 600x from its start, each frame the state the API gives for that instant and never past now, until Esc', async () => {
    const { page } = await openBriefing('?lang=en');
    const future = await futureFrames(page);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(r.url()));
    await page.keyboard.press('t');
    await page.selectOption('[data-testid=replay-speed]', '600');
    const started = Date.now();
    await page.click('[data-testid=replay-start]');
    await page.waitForSelector('[data-testid=briefing]:is([data-replay=running], [data-replay=done])', { timeout: 10_000 });
    const day = await page.inputValue('[data-testid=replay-day]');
    expect(day).toBe(today());
    const dayStart = startOfLocalDay(day, TZ);
    // Twenty minutes of the day (2 s at 600x); in the first twenty minutes after midnight the
    // replay reaches the present sooner and stops there.
    await page.waitForFunction(
      (until) => {
        const root = document.querySelector('[data-testid=briefing]')!;
        return root.getAttribute('data-replay') === 'done' || Date.parse(root.getAttribute('data-instant')!) >= until;
      },
      dayStart + 600 * 2_000,
      { timeout: 10_000 },
    );
    // A frame is drawn every 250 ms: its seq and instant are read together.
    const shown = await frame(page);
    const instant = Date.parse(shown.instant);
    expect(instant).toBeLessThanOrEqual(Date.now());
    const atInstant = await api(suite.server.url, `/api/v1/state?at=${encodeURIComponent(shown.instant)}`);
    expect(atInstant.status).toBe(200);
    expect(shown.seq).toBe(atInstant.body.seq);
    const simulated = instant - dayStart;
    expect(simulated).toBeLessThanOrEqual(600 * (Date.now() - started));
    const status = page.locator('[data-testid=frozen-status]');
    if (shown.replay === 'running') {
      expect(simulated).toBeGreaterThanOrEqual(600 * 2_000);
      expect(await status.textContent()).toMatch(/^Replaying \d\d\/\d\d\/\d{4} · 600× · \d\d:\d\d$/);
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid=briefing][data-replay=done]', { timeout: 5_000 });
    } else {
      expect(instant).toBeGreaterThanOrEqual(started);
      expect(await status.textContent()).toMatch(/^Replayed \d\d\/\d\d\/\d{4} up to now, \d\d:\d\d \(600×\)$/);
    }
    expect(await future()).toEqual([]);
    // The only instant the replay asks the server about is the day's start.
    expect(asked.filter((u) => u.includes('/api/v1/state?at=')).map((u) => new URL(u).searchParams.get('at'))).toEqual([new Date(dayStart).toISOString()]);
    await page.context().close();
  }, 60_000);

  it('stops a replay that reaches the present there, just after midnight by the page clock', async () => {
    // The page's clock reads 00:05 of yesterday and flows on from there; the server's is real.
    const day = addDays(today(), -1);
    const pageNow = startOfLocalDay(day, TZ) + 5 * 60_000;
    const { page } = await openBriefing('?lang=en', undefined, undefined, (p) => p.clock.install({ time: pageNow }));
    const future = await futureFrames(page);
    await page.keyboard.press('t');
    expect(await page.getAttribute('[data-testid=replay-day]', 'max')).toBe(day);
    await page.fill('[data-testid=replay-day]', day);
    await page.selectOption('[data-testid=replay-speed]', '600');
    await page.click('[data-testid=replay-start]');
    // Five minutes take half a second at 600x; the day's end would take 2.4 minutes.
    await page.waitForSelector('[data-testid=briefing][data-replay=done]', { timeout: 10_000 });
    const shown = await frame(page);
    const instant = Date.parse(shown.instant);
    expect(instant).toBeGreaterThanOrEqual(pageNow);
    expect(instant).toBeLessThanOrEqual(await page.evaluate(() => Date.now()));
    expect(await page.locator('[data-testid=frozen-status]').textContent()).toBe(`Replayed ${day.slice(8)}/${day.slice(5, 7)}/${day.slice(0, 4)} up to now, 00:05 (600×)`);
    const atInstant = await api(suite.server.url, `/api/v1/state?at=${encodeURIComponent(shown.instant)}`);
    expect(shown.seq).toBe(atInstant.body.seq);
    expect(await future()).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('lets an operator mark a briefing with a title, then freezes at the mark against the previous one', async () => {
    const { page } = await openBriefing('?lang=en');
    await page.keyboard.press('m');
    await page.fill('[data-testid=mark-title]', 'Monthly review');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=mark-dialog]', { state: 'detached', timeout: 10_000 });
    const state = (await api(suite.server.url, '/api/v1/state')).body.state as unknown as StateView;
    const newest = state.briefings.at(-1)!;
    expect(newest.title).toBe('Monthly review');
    await page.waitForSelector(`[data-testid=briefing][data-seq="${newest.seq}"][data-baseline="${suite.seeded.mark2}"]`, { timeout: 10_000 });
    expect(await page.locator('.slide.current [data-testid=page-stamp]').textContent()).toContain('compared with the briefing of');
    await page.context().close();
  });

  it('tells a viewer token plainly that it may not mark a briefing', async () => {
    const { page } = await openBriefing('?lang=en', suite.seeded.viewer);
    await page.click('[data-testid=mark-button]');
    await page.click('[data-testid=mark-submit]');
    expect(await page.locator('[data-testid=mark-error]').textContent()).toBe("This screen's token may only read. Marking a briefing needs an operator's or an admin's token.");
    await page.screenshot({ path: `${ARTIFACTS}briefing-viewer-mark.png` });
    await page.context().close();
  });

  it('turns slides with a swipe on a 1280x800 tablet', async () => {
    const { page } = await openBriefing(`?seq=${suite.seeded.mark2}`, suite.seeded.viewer, { width: 1280, height: 800 });
    const swipe = (from: number, to: number) =>
      page.evaluate(
        ([a, b]) => {
          const touch = (x: number) => new Touch({ identifier: 1, target: document.body, clientX: x, clientY: 400 });
          window.dispatchEvent(new TouchEvent('touchstart', { touches: [touch(a!)], changedTouches: [touch(a!)] }));
          window.dispatchEvent(new TouchEvent('touchend', { touches: [], changedTouches: [touch(b!)] }));
        },
        [from, to],
      );
    await swipe(1000, 300);
    expect(await attr(page, 'data-slide')).toBe('models');
    await swipe(300, 1000);
    expect(await attr(page, 'data-slide')).toBe('headline');
    await page.screenshot({ path: `${ARTIFACTS}briefing-tablet.png` });
    await page.context().close();
  });
});
