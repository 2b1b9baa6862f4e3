/**
 * The briefing handout: opens the server's /briefing in the system Chromium in print mode and
 * saves the same PDF a browser would print: one slide per A4 landscape page, each stamped with
 * the data time, the baseline and the page number.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

export const USAGE = 'usage: npm run export-briefing -- --url <server> --token <token> --out <file.pdf> [--at <ISO time with offset>] [--baseline <seq>] [--lang vi|en]';
const READY_TIMEOUT_MS = 60_000;

export interface ExportOptions {
  url: string;
  token: string;
  out: string;
  at?: string;
  baseline?: number;
  lang?: string;
}

export class UsageError extends Error {}

/** The command line as options, or a UsageError naming what is wrong. */
export function parseExportArgs(argv: string[]): ExportOptions {
  let values;
  try {
    values = parseArgs({ args: argv, options: { url: { type: 'string' }, token: { type: 'string' }, out: { type: 'string' }, at: { type: 'string' }, baseline: { type: 'string' }, lang: { type: 'string' } }, strict: true }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const missing = (['url', 'token', 'out'] as const).filter((k) => !values[k]);
  if (missing.length) throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(', ')}`);
  const options: ExportOptions = { url: values.url!.replace(/\/+$/, ''), token: values.token!, out: resolve(values.out!) };
  if (!/^https?:\/\//.test(options.url)) throw new UsageError(`--url must start with http:// or https://, got "${options.url}"`);
  if (values.at !== undefined) {
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(values.at) || Number.isNaN(Date.parse(values.at))) throw new UsageError(`--at must be an ISO time with an offset, e.g. 2024-04-02T14:32:00+07:00; got "${values.at}"`);
    options.at = values.at;
  }
  if (values.baseline !== undefined) {
    if (!/^\d+$/.test(values.baseline)) throw new UsageError(`--baseline must be an event number (seq), got "${values.baseline}"`);
    options.baseline = Number(values.baseline);
  }
  if (values.lang !== undefined) options.lang = values.lang;
  return options;
}

/** The briefing's address in print mode, with the token in the fragment (never sent to the server in logs). */
export function briefingUrl(o: ExportOptions): string {
  const query = new URLSearchParams({ print: '1' });
  if (o.at) query.set('at', o.at);
  if (o.baseline !== undefined) query.set('baseline', String(o.baseline));
  if (o.lang) query.set('lang', o.lang);
  return `${o.url}/briefing?${query.toString()}#token=${encodeURIComponent(o.token)}`;
}

/** Checks the server and the token before starting a browser, so each failure gets its own message. */
async function checkServer(o: ExportOptions): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${o.url}/api/v1/me`, { headers: { authorization: `Bearer ${o.token}` } });
  } catch (err) {
    throw new Error(`cannot reach the server at ${o.url}: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`);
  }
  if (res.status === 401) throw new Error('the server refused the token (401): check --token, or issue a new one');
  if (!res.ok && res.status !== 404) throw new Error(`the server answered ${res.status} to ${o.url}/api/v1/me`);
}

/** Writes the PDF; resolves with its number of pages. */
export async function exportBriefing(o: ExportOptions, chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): Promise<number> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium was not found at ${chromiumPath}. Install it (Debian/Ubuntu: apt-get install chromium) or point CHROMIUM_PATH at a Chromium or Chrome executable.`);
  }
  await checkServer(o);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.emulateMedia({ media: 'print' });
    await page.goto(briefingUrl(o));
    const root = page.locator('[data-testid=briefing]');
    try {
      await page.waitForSelector('[data-testid=briefing][data-state=ready], [data-testid=briefing][data-state=error], [data-testid=message]', { timeout: READY_TIMEOUT_MS });
    } catch {
      throw new Error(`the briefing did not finish loading within ${READY_TIMEOUT_MS / 1000} s${problems.length ? `: ${problems.join('; ')}` : ''}`);
    }
    if ((await root.getAttribute('data-state')) !== 'ready') throw new Error(`the briefing could not be drawn: ${(await page.locator('[data-testid=message], [data-testid=briefing-error]').first().textContent()) ?? 'unknown error'}`);
    // Fonts and charts settle before printing.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.pdf({ path: o.out, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
    return await root.locator('.slide').count();
  } finally {
    await browser.close();
  }
}
