import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, issueToken } from '../helpers/server';
import { ARTIFACTS, openPage } from '../helpers/browser';
import { startDemo, type Demo } from '../helpers/demo';
import type { ServerProcess } from '../helpers/process';
import en from '../../client/i18n/locales/en';
import vi from '../../client/i18n/locales/vi';

// The demo as a user first sees it: the month of history, the 12 models, the briefing's
// baseline of 26 March. Every screen at every size it is made for, every slide and page.
let demo: Demo;
let server: ServerProcess;
let browser: Browser;
const tokens = { viewer: '', operator: '', unit: '' };

beforeAll(async () => {
  demo = await startDemo('fit');
  ({ server, browser } = demo);
  // Labels in Vietnamese, as an administrator here writes them: the admin page shows them.
  tokens.viewer = (await issueToken(server.url, 'viewer', undefined, 'màn hình kiểm thử')).token;
  tokens.operator = (await issueToken(server.url, 'operator', undefined, 'điều hành kiểm thử')).token;
  tokens.unit = (await issueToken(server.url, 'unit', 'dic', 'đơn vị kiểm thử')).token;
}, 120_000);

afterAll(() => demo?.close(), 60_000);

interface Cut {
  text: string;
  why: string;
}

/**
 * Text cut off: a text's box that reaches outside its nearest clipping ancestor (overflow
 * hidden, clip, auto or scroll). A scrolling axis (auto, scroll) shows what is past its edge by
 * scrolling, so it is checked only for text past the far side of its scrolled content; a deliberate
 * ellipsis passes when the full text is one hover away (`text-overflow: ellipsis` and a `title`
 * on the element or an ancestor). Also text broken inside a word, as a date split over two lines.
 */
function cutText(page: Page): Promise<Cut[]> {
  return page.evaluate(() => {
    const found: { text: string; why: string }[] = [];
    const hides = (o: string) => o === 'hidden' || o === 'clip';
    const scrolls = (o: string) => o === 'auto' || o === 'scroll';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const el = node.parentElement;
      if (!text || !el || el.closest('script, style, option, select, textarea, [aria-hidden=true]')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (style.textOverflow === 'ellipsis' && el.closest('[title]')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) continue;
      const lines = new Set(rects.map((r) => Math.round(r.top)));
      if (!/\s/.test(text) && text.length > 3 && lines.size > 1) found.push({ text: text.slice(0, 60), why: `broken inside a word over ${lines.size} lines` });
      // The text's own element may clip it too: its box is the first candidate. Past an absolutely
      // positioned box, only its containing block (the nearest positioned ancestor) and what holds
      // that can clip it, as in CSS.
      let escaping = false;
      for (let box: HTMLElement | null = el; box && box !== document.body; box = box.parentElement) {
        const s = getComputedStyle(box);
        if (escaping) {
          if (s.position === 'static') continue;
          escaping = false;
        }
        const [x, y] = [s.overflowX, s.overflowY];
        if (!hides(x) && !hides(y) && !scrolls(x) && !scrolls(y)) {
          if (s.position === 'fixed') break;
          escaping = s.position === 'absolute';
          continue;
        }
        const outer = box.getBoundingClientRect();
        // Visually hidden text (a 1 px box for screen readers) is not on screen to be cut.
        if (outer.width * outer.height < 4) break;
        const slack = 1.5;
        // A scrolling axis reaches as far as its content does.
        const right = scrolls(x) ? outer.left - box.scrollLeft + box.scrollWidth : outer.right;
        const bottom = scrolls(y) ? outer.top - box.scrollTop + box.scrollHeight : outer.bottom;
        const left = scrolls(x) ? outer.left - box.scrollLeft : outer.left;
        const top = scrolls(y) ? outer.top - box.scrollTop : outer.top;
        const out = rects.find((r) => r.left < left - slack || r.right > right + slack || r.top < top - slack || r.bottom > bottom + slack);
        if (out) {
          found.push({
            text: text.slice(0, 60),
            why: `cut by ${box.tagName.toLowerCase()}.${[...box.classList].join('.')} (${Math.round(out.right - right)} px right, ${Math.round(out.bottom - bottom)} px below)`,
          });
        }
        break;
      }
    }
    return found;
  });
}

/** The words of a text, lower-cased, letters only (a Vietnamese word keeps its diacritics). */
const wordsOf = (text: string) => text.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= 3);
const valuesOf = (o: unknown): string[] => (typeof o === 'string' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(valuesOf) : []);
/** Proper names, units and formats an English word may be on a Vietnamese screen. */
const ALLOWED = new Set(['ioc', 'vneid', 'vnpt', 'csv', 'pdf', 'png', 'utf', 'excel', 'ppc', 'dic', 'json', 'api', 'url', 'token', 'webhook', 'webhooks', 'http', 'https', 'redis', 'id']);
/**
 * English words a Vietnamese screen must not show: every word of the English locale and of the
 * config's English names that no Vietnamese text (locale or config) also uses.
 */
const ENGLISH = (() => {
  const config = JSON.parse(readFileSync(new URL('../../server/demo/nghe-an.json', import.meta.url), 'utf8')) as unknown;
  const named = (lang: 'vi' | 'en', o: unknown): string[] => (Array.isArray(o) ? o.flatMap((x) => named(lang, x)) : o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => (k === lang && typeof v === 'string' ? [v] : named(lang, v))) : []);
  const viWords = new Set([...valuesOf(vi.messages), ...named('vi', config)].flatMap(wordsOf));
  return new Set([...valuesOf(en.messages), ...named('en', config)].flatMap(wordsOf).filter((w) => !viWords.has(w) && !ALLOWED.has(w)));
})();

/** English words in the page's visible text (the screens here are all in Vietnamese). */
async function englishWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return [...new Set(wordsOf(text).filter((w) => ENGLISH.has(w)))];
}

async function look(page: Page, what: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  expect.soft({ what, cut: await cutText(page) }).toEqual({ what, cut: [] });
  expect.soft({ what, english: await englishWords(page) }).toEqual({ what, english: [] });
}

const WALL_SIZES = [
  ['1080p', { width: 1920, height: 1080 }],
  ['4k', { width: 3840, height: 2160 }],
  ['32x9', { width: 7680, height: 2160 }],
] as const;

describe('text fits its panel', () => {
  it.each(WALL_SIZES)('on every wall page at %s', async (name, viewport) => {
    const { page } = await openPage(browser, viewport);
    try {
      for (const pageName of name === '32x9' ? ['localities', 'plan', 'models'] : ['overview', 'localities', 'plan', 'models']) {
        await page.goto(`${server.url}/wall?pages=${pageName}:600&alert=0#token=${tokens.viewer}`);
        await page.waitForSelector(`[data-state=ready][data-page=${pageName}]`, { timeout: 20_000 });
        await look(page, `wall ${pageName} ${name}`);
      }
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it.each([
    ['720p', { width: 1280, height: 720 }],
    ['1080p', { width: 1920, height: 1080 }],
  ] as const)('on every briefing slide at %s', async (name, viewport) => {
    const { page } = await openPage(browser, viewport);
    try {
      await page.goto(`${server.url}/briefing#token=${tokens.operator}`);
      await page.waitForSelector('[data-testid=briefing][data-state=ready]', { timeout: 20_000 });
      await page.keyboard.press('Home');
      const seen = new Set<string>();
      for (let i = 0; i < 60; i++) {
        const slide = (await page.locator('[data-testid=briefing]').getAttribute('data-slide')) ?? '';
        const at = `${slide} ${await page.locator('[data-testid=briefing]').getAttribute('data-page')}`;
        if (seen.has(at)) break;
        seen.add(at);
        await look(page, `briefing ${at} ${name}`);
        if (name === '1080p' && slide === 'models') await page.screenshot({ path: `${ARTIFACTS}fit-briefing-models-${name}.png` });
        await page.keyboard.press('PageDown');
        await page.waitForTimeout(150);
      }
      expect(seen.size).toBeGreaterThanOrEqual(8);
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it.each([
    ['1280x800', { width: 1280, height: 800 }],
    ['390x844', { width: 390, height: 844 }],
  ] as const)('on the console at %s', async (name, viewport) => {
    const { page } = await openPage(browser, viewport);
    try {
      await page.goto(`${server.url}/console#token=${tokens.unit}`);
      await page.waitForSelector('[data-testid=console] [data-item=m01]', { timeout: 20_000 });
      await look(page, `console ${name}`);
      await page.screenshot({ path: `${ARTIFACTS}fit-console-${name}.png`, fullPage: true });
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it('on the admin page at 1920x1080', async () => {
    const { page } = await openPage(browser, { width: 1920, height: 1080 });
    try {
      await page.goto(`${server.url}/admin#token=${ADMIN_TOKEN}`);
      await page.waitForSelector('[data-testid=admin] table tbody tr', { timeout: 20_000 });
      await look(page, 'admin 1080p');
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it('on the desk at 1920x1080', async () => {
    const { page } = await openPage(browser, { width: 1920, height: 1080 });
    try {
      await page.goto(`${server.url}/desk#token=${tokens.operator}`);
      await page.waitForSelector('[data-testid=desk-alerts] [data-alert]', { timeout: 20_000 });
      await look(page, 'desk 1080p');
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
