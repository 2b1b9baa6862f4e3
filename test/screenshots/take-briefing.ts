/**
 * The README's briefing screenshots: `npx tsx test/screenshots/take-briefing.ts` (about 2 minutes;
 * needs `npm run build` first). Runs the demo's simulated units on a fast simulated clock, adds a
 * week of progress reports and two briefing marks, then photographs the briefing and its handout.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openPage } from '../helpers/browser';
import { spawnServer } from '../helpers/process';
import { ADMIN_TOKEN, api, issueToken } from '../helpers/server';

const OUT = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ioc-shots-'));
// A simulated day every 6 real seconds.
const server = await spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_SIMULATE: '1', IOC_SIM_RATE: '14400', IOC_RATE_LIMIT: '0' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const simNow = async () => ((await api(server.url, '/api/v1/state?seq=0')).body.state as { now: string }).now;

let serial = 0;
async function post(events: object[]): Promise<number> {
  const at = await simNow();
  const res = await api(server.url, '/api/v1/events', { body: { events: events.map((e) => ({ id: `shot-${++serial}`, at, ...e })) } });
  if (res.status !== 202) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.accepted as { seq: number }[]).at(-1)!.seq;
}
// Steady movers, slow movers (they will miss their due day) and one that stalls.
const PACE: [string, string, number, number][] = [
  ['m01', 'dic', 62, 0.5],
  ['m02', 'pas-centre', 60, 1],
  ['m05', 'police', 30, 4],
  ['m09', 'police', 28, 1],
  ['m10', 'dic', 45, 2],
  ['m19', 'nam-dan', 58, 6],
  ['m24', 'ky-son', 73, 0],
  ['m30', 'quy-hop', 35, 0.5],
];

try {
  // The demo issues its simulated units' tokens as it starts: let it finish first.
  await sleep(5_000);
  const operator = (await issueToken(server.url, 'operator')).token;
  await post([{ type: 'briefing.marked', unit: 'police', title: 'Hội nghị sơ kết quý I' }]);
  for (let day = 1; day <= 7; day++) {
    await sleep(6_000);
    await post(PACE.map(([item, unit, start, perDay]) => ({ type: 'progress.reported', unit, item, status: 'in_progress', percent: Math.min(99, start + perDay * day) })));
    if (day === 3) await post([{ type: 'progress.reported', unit: 'tan-ky', item: 'm20', status: 'blocked', note: 'Chờ kinh phí bổ sung' }, { type: 'note.posted', unit: 'ky-son', text: 'Mất đường truyền tại 3 xã vùng cao', severity: 'warning' }]);
    if (day === 5) await post([{ type: 'progress.reported', unit: 'vbsp', item: 'm08', status: 'done' }]);
  }
  const mark = await post([{ type: 'briefing.marked', unit: 'police', title: 'Giao ban tuần' }]);
  await sleep(3_000);

  const browser = await launchBrowser();
  try {
    const { page } = await openPage(browser, { width: 1280, height: 720 });
    // Frozen at the week's mark, compared with the quarter's review a week before.
    await page.goto(`${server.url}/briefing?seq=${mark}#token=${operator}`);
    await page.waitForSelector('[data-testid=briefing][data-state=ready]', { timeout: 30_000 });
    await page.screenshot({ path: `${OUT}briefing-headline.png` });
    await page.goto(`${server.url}/briefing?slide=late&seq=${mark}`);
    await page.waitForSelector('[data-testid=briefing][data-state=ready][data-slide=late]', { timeout: 30_000 });
    // The page of the late list with the forecast's "will miss" flags.
    for (let i = 0; i < 5 && !(await page.locator('[data-late=will-miss]').count()); i++) await page.keyboard.press('PageDown');
    await page.screenshot({ path: `${OUT}briefing-late.png` });
    await page.keyboard.press('t');
    await page.waitForSelector('[data-testid=timeline]');
    await page.screenshot({ path: `${OUT}briefing-timeline.png` });
    await page.context().close();

    const pdf = join(dir, 'briefing.pdf');
    const at = ((await api(server.url, `/api/v1/state?seq=${mark}`)).body.state as { now: string }).now;
    execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/export-briefing.ts', '--url', server.url, '--token', operator, '--out', pdf, '--at', at], { stdio: 'inherit' });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '4', '-l', '4', '-singlefile', pdf, `${OUT}briefing-handout-page`]);
    // Smaller files for the repository when pngquant (Debian: pngquant) is there; the same pictures otherwise.
    for (const name of ['headline', 'late', 'timeline', 'handout-page']) {
      try {
        execFileSync('pngquant', ['--quality', '60-85', '--force', '--output', `${OUT}briefing-${name}.png`, `${OUT}briefing-${name}.png`]);
      } catch {
        break;
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
