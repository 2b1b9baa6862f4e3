import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { StateView } from '@shared/projection';
import { openPage } from '../helpers/browser';
import { api } from '../helpers/server';
import { briefingSuite } from './briefing-seed';

const suite = briefingSuite('e2e-briefing-export');

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ioc-export-'));

/** `npm run export-briefing -- ...` as a user runs it; never throws, gives the exit code and output. */
async function exportBriefing(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli/export-briefing.ts', ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The text of each page of a PDF, read with pdftotext (poppler-utils). */
async function pdfPages(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout.split('\f').filter((page) => page.trim() !== '');
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the briefing handout', () => {
  it('npm run export-briefing writes one A4 landscape page per slide, each stamped with data time, baseline and page number', async () => {
    const atMark2 = ((await api(suite.server.url, `/api/v1/state?seq=${suite.seeded.mark2}`)).body.state as unknown as StateView).asOf!;
    const out = join(dir, 'briefing.pdf');
    const result = await exportBriefing(['--url', suite.server.url, '--token', suite.seeded.viewer, '--out', out, '--at', atMark2, '--baseline', String(suite.seeded.mark1)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pageCount = Number(/\((\d+) pages/.exec(result.stdout)?.[1]);
    const pages = await pdfPages(out);
    expect(pages.length).toBe(pageCount);
    expect(pages.length).toBeGreaterThanOrEqual(8);
    const { stdout: info } = await run('pdfinfo', [out]);
    expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
    const stamp = new RegExp(`Dữ liệu tính đến \\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4} · sự kiện #${suite.seeded.mark2} · so với giao ban \\d\\d/\\d\\d/\\d{4} \\(Giao ban tuần 13\\)`);
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toMatch(stamp);
      expect(text, `page ${i + 1}`).toContain(`Trang ${i + 1}/${pages.length}`);
    });
    expect(pages[0]).toContain('Chỉ tiêu chính');
    expect(pages.join('\n')).toContain('Rõ người, rõ việc, rõ thời gian, rõ trách nhiệm');
  }, 120_000);

  it('prints every slide from the live screen too, with the print stylesheet', async () => {
    const { page } = await openPage(suite.browser, { width: 1920, height: 1080 });
    await page.goto(`${suite.server.url}/briefing?seq=${suite.seeded.mark2}&lang=en#token=${suite.seeded.viewer}`);
    await page.waitForSelector('[data-testid=briefing][data-state=ready]', { timeout: 20_000 });
    const file = join(dir, 'printed.pdf');
    // What a browser does when asked to print (Ctrl+P, or P on the page); page.pdf() alone does not.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    // Printed, the late list takes more rows per page than on screen: the pages are counted again.
    const slides = Number(await page.locator('[data-testid=briefing]').getAttribute('data-pages'));
    expect(await page.locator('.slide').count()).toBe(slides);
    await page.emulateMedia({ media: 'print' });
    writeFileSync(file, await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true }));
    const pages = await pdfPages(file);
    expect(pages.length).toBe(slides);
    pages.forEach((text, i) => {
      expect(text).toMatch(new RegExp(`Data as of \\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4} · event #${suite.seeded.mark2} · compared with the briefing of`));
      expect(text).toContain(`Page ${i + 1} of ${slides}`);
      // The presenter's strip is never printed.
      expect(text).not.toContain('Mark (M)');
    });
    await page.context().close();
  }, 60_000);

  it('says clearly what is wrong: no Chromium, a refused token, a bad command line', async () => {
    const out = join(dir, 'never.pdf');
    const noChromium = await exportBriefing(['--url', suite.server.url, '--token', suite.seeded.viewer, '--out', out], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(noChromium.code).toBe(1);
    expect(noChromium.stderr).toContain('Chromium was not found at /nonexistent/chromium. Install it (Debian/Ubuntu: apt-get install chromium) or point CHROMIUM_PATH');
    const badToken = await exportBriefing(['--url', suite.server.url, '--token', 'not-a-token', '--out', out]);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toContain('the server refused the token (401)');
    const usage = await exportBriefing(['--url', suite.server.url, '--out', out, '--at', 'yesterday']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('missing --token');
    expect(usage.stderr).toContain('usage: npm run export-briefing');
  }, 60_000);
});
