/**
 * Screenshots of issue 19's numbers on the demo (vi, 1920x1080): `npx tsx test/screenshots/take-issue19.ts`
 * (needs `npx vite build` first; about half a minute). Runs the demo as `npm start` does (its
 * month of history, simulated units from 2 April 2024 14:00), opens the links it prints by a
 * non-localhost name (http://ioc-wall.test:<port>) and photographs: the wall's overview (the
 * full-process rate beside the overall online rate; the Q1 tasks, none done on schedule), its
 * localities page (Quế Phong's tile: "Kiểm tra số liệu này"), the briefing's headline (both
 * rates with their change since 26/03) and plan (the Q1 tasks), the desk (the data_quality
 * alert) and the DIC console. Writes `issue19-*.png` beside this file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../helpers/browser';
import { spawnServer, waitFor } from '../helpers/process';

const OUT = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ioc-shots-'));
// Demo mode: no admin token; the demo issues its tokens and prints the links once its month is written.
const server = await spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: '', IOC_SIMULATE: '' });
const links: Record<string, string> = {};
await waitFor(async () => {
  for (const m of server.output().matchAll(/^\s+(wall|briefing|console|desk):\s+(\S+)/gm)) links[m[1]!] = m[2]!.replace(/localhost|127\.0\.0\.1/, 'ioc-wall.test');
  return Object.keys(links).length === 4;
}, 120_000, 'the demo links');
const at = (link: string, query: string) => link.replace('#', `${query}#`);

try {
  const browser = await launchBrowser(['--host-resolver-rules=MAP ioc-wall.test 127.0.0.1']);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    page.on('console', (m) => m.type() === 'error' && process.stderr.write(`console: ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`page: ${String(e)}\n`));
    page.on('requestfailed', (r) => process.stderr.write(`failed: ${r.url()}\n`));
    const shoot = async (url: string, ready: string, name: string) => {
      await page.goto(url);
      await page.waitForSelector(ready, { timeout: 30_000 });
      // Laid out for good: the fonts are in and every chart has drawn its canvas.
      await page.waitForFunction(() => document.fonts.status === 'loaded' && [...document.querySelectorAll('[_echarts_instance_]')].every((c) => c.querySelector('canvas')), undefined, { timeout: 30_000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: `${OUT}issue19-${name}.png` });
    };
    await shoot(at(links.wall!, '?pages=overview:600&alert=0'), '[data-testid=wall][data-page=overview] [data-testid=kpi-online_rate]', 'wall');
    await shoot(at(links.wall!, '?pages=localities:600&alert=0'), '[data-testid=wall][data-page=localities] [data-unit=que-phong]', 'wall-localities');
    await shoot(at(links.briefing!, '?slide=headline'), '[data-testid=briefing][data-state=ready][data-slide=headline]', 'briefing');
    await shoot(at(links.briefing!, '?slide=plan'), '[data-testid=briefing][data-state=ready][data-slide=plan] [data-testid=quarter]', 'briefing-plan');
    await shoot(links.desk!, '[data-alert^="quality:"]', 'desk');
    await shoot(links.console!, 'form', 'console');
  } finally {
    await browser.close();
  }
} finally {
  if (process.env.SHOW_SERVER_OUTPUT) process.stderr.write(server.output().slice(-6000));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
