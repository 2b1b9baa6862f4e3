/**
 * The README's first-sight screenshots: `npx tsx test/screenshots/take-demo.ts` (about 30 s; needs
 * `npm run build` first). Starts the demo exactly as `npm start` does, on a fresh data folder,
 * opens the printed links by a non-localhost name, and photographs at 1920x1080 the wall's
 * overview (the 30-day trend), its models page and the briefing's first slide (deltas since 26 March).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort, spawnServer } from '../helpers/process';

const OUT = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ioc-demo-shots-'));
const port = await freePort();
const server = await spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: '', IOC_SIMULATE: '' }, port);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP ioc-wall.test 127.0.0.1'],
});
try {
  while (!/briefing: +http/.test(server.output())) await new Promise((r) => setTimeout(r, 100));
  // The printed links, as a user opens them (by the machine's name rather than localhost).
  const link = (name: string) => /https?:\/\/\S+/.exec(new RegExp(`${name}: +(\\S+)`).exec(server.output())![1]!)![0].replace('localhost', 'ioc-wall.test');
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const shots: [string, string, string][] = [
    ['demo-wall-overview', link('wall').replace('/wall#', '/wall?pages=overview:600&alert=0#'), '[data-testid=wall][data-state=ready][data-page=overview]'],
    ['demo-wall-models', link('wall').replace('/wall#', '/wall?pages=models:600&alert=0#'), '[data-testid=wall][data-state=ready][data-page=models]'],
    ['demo-briefing', link('briefing'), '[data-testid=briefing][data-state=ready]'],
  ];
  for (const [name, url, ready] of shots) {
    await page.goto(url);
    await page.waitForSelector(ready, { timeout: 30_000 }).catch(async (err: unknown) => {
      await page.screenshot({ path: '/tmp/fail.png' });
      throw err;
    });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // Charts animate in.
    await new Promise((r) => setTimeout(r, 2_000));
    await page.screenshot({ path: `${OUT}${name}.png` });
    console.log(`${OUT}${name}.png`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
