import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { issueToken } from '../helpers/server';
import { ARTIFACTS, openPage } from '../helpers/browser';
import { startDemo, type Demo } from '../helpers/demo';
import type { ServerProcess } from '../helpers/process';

// The demo as a user sees it: simulated units on the simulated clock of 2 April 2024, when
// tasks are both overdue and at risk, so every badge and list is on screen.
let demo: Demo;
let server: ServerProcess;
let browser: Browser;
let viewer: string;

beforeAll(async () => {
  demo = await startDemo('layout');
  ({ server, browser } = demo);
  viewer = (await issueToken(server.url, 'viewer')).token;
}, 120_000);

afterAll(() => demo?.close(), 60_000);

interface Clipped {
  text: string;
  why: string;
}

/**
 * Text that does not fit: an element with text of its own that reaches outside its panel (or
 * header, footer, headline box), or whose text is wider than its box without ending in an
 * ellipsis. A long name that ends in "…" is the design; a badge cut by a panel's edge is not.
 */
function clippedText(page: Page): Promise<Clipped[]> {
  return page.evaluate(() => {
    const found: { text: string; why: string }[] = [];
    for (const box of document.querySelectorAll('.panel, .kpi, .header, .footer, .page.takeover')) {
      const outer = box.getBoundingClientRect();
      for (const el of box.querySelectorAll<HTMLElement>('*')) {
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        if (!own) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const style = getComputedStyle(el);
        const text = (el.textContent ?? '').trim().slice(0, 60);
        const slack = 1;
        if (r.left < outer.left - slack || r.right > outer.right + slack || r.top < outer.top - slack || r.bottom > outer.bottom + slack) {
          found.push({ text, why: `outside its ${box.className} (${Math.round(r.right - outer.right)} px right, ${Math.round(r.bottom - outer.bottom)} px below)` });
        } else if (style.display !== 'inline' && el.scrollWidth > el.clientWidth + slack && style.textOverflow !== 'ellipsis') {
          found.push({ text, why: `cut: ${el.scrollWidth} px of text in ${el.clientWidth} px` });
        }
      }
    }
    return found;
  });
}

describe('the wall at every supported size', () => {
  it.each([
    ['4k', { width: 3840, height: 2160 }],
    ['1080p', { width: 1920, height: 1080 }],
    ['32x9', { width: 7680, height: 2160 }],
  ])('clips no text on any page, in either language, at %s', async (name, viewport) => {
    const { page, errors } = await openPage(browser, viewport);
    try {
      for (const lang of ['vi', 'en']) {
        // The wide layout keeps the overview on its left and rotates the other pages beside it.
        for (const pageName of name === '32x9' ? ['localities', 'plan'] : ['overview', 'localities', 'plan']) {
          await page.goto(`${server.url}/wall?pages=${pageName}:600&lang=${lang}&alert=0#token=${viewer}`);
          await page.waitForSelector(`[data-state=ready][data-page=${pageName}]`, { timeout: 20_000 });
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          expect({ lang, pageName, clipped: await clippedText(page) }).toEqual({ lang, pageName, clipped: [] });
          if (lang === 'vi') await page.screenshot({ path: `${ARTIFACTS}layout-${name}-${pageName}.png` });
        }
      }
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it('draws with the bundled font, Latin and Vietnamese subsets, whatever the machine has installed', async () => {
    const { page } = await openPage(browser, { width: 1920, height: 1080 });
    try {
      await page.goto(`${server.url}/wall?pages=overview:600#token=${viewer}`);
      await page.waitForSelector('[data-state=ready]', { timeout: 20_000 });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const font = await page.evaluate(() => ({
        family: getComputedStyle(document.body).fontFamily,
        loaded: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Noto Sans Variable' && f.status === 'loaded').map((f) => f.unicodeRange),
        // Every character of the province's name and the wall's title, tone marks included, from that font.
        covers: document.fonts.check('700 40px "Noto Sans Variable"', 'TỈNH NGHỆ AN Trung tâm Giám sát, điều hành thông minh ữ ậ ỹ Đ'),
      }));
      expect(font.family).toMatch(/^"?Noto Sans Variable"?/);
      expect(font.loaded.length).toBe(2);
      expect(font.covers).toBe(true);
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
