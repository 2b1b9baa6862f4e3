/**
 * Soak test of the wall (outside the default test run): `npm run soak -- --minutes 10`.
 * A real server on its own Redis prefix, the wall in headless Chromium, and a writer at
 * 20 events per second. Reports the page's JS heap after forced GC at the start and the
 * end, DOM node counts and long animation frames; fails if the heap grows 5 MB or more.
 */
import { writeFileSync } from 'node:fs';
import { localDay } from '@shared/time';
import { api, ADMIN_TOKEN, demoConfig, issueToken } from '../helpers/server';
import { ARTIFACTS, launchBrowser, openPage } from '../helpers/browser';
import { spawnServer } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';

const minutesArg = process.argv.indexOf('--minutes');
const minutes = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 10;
const RATE = 20;
const HEAP_LIMIT_MB = 5;

const prefix = testPrefix('soak');
const server = await spawnServer({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' });
const viewer = (await issueToken(server.url, 'viewer')).token;
const browser = await launchBrowser();
const { page, errors } = await openPage(browser, { width: 1920, height: 1080 });
const cdp = await page.context().newCDPSession(page);
await page.addInitScript(() => {
  const w = window as unknown as { __longFrames: number };
  w.__longFrames = 0;
  new PerformanceObserver((list) => (w.__longFrames += list.getEntries().length)).observe({ type: 'long-animation-frame', buffered: false });
});
await page.goto(`${server.url}/wall?pages=overview:20,localities:20,plan:20#token=${viewer}`);
await page.waitForSelector('[data-state=ready]');

async function measure() {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
  const longFrames = await page.evaluate(() => (window as unknown as { __longFrames: number }).__longFrames);
  return { heapMB: heap.usedSize / 1_048_576, domNodes: dom.nodes, listeners: dom.jsEventListeners, longFrames };
}

const units = ['vinh', 'nghi-loc', 'dien-chau', 'quynh-luu', 'yen-thanh', 'do-luong', 'nam-dan', 'ky-son', 'tan-ky', 'anh-son'];
let sent = 0;
let failed = 0;
/** Counters are totalled per day in the province's time zone. */
const day = () => localDay(Date.now(), demoConfig.province.timeZone);
async function writeOne(): Promise<void> {
  sent += 1;
  const unit = units[sent % units.length]!;
  const kind = sent % 10;
  const event =
    kind === 0
      ? { id: `soak-${sent}`, type: 'note.posted', unit, at: new Date().toISOString(), text: `Soak note ${sent}`, severity: 'info' }
      : kind === 1
        ? { id: `soak-${sent}`, type: 'progress.reported', unit: 'dic', at: new Date().toISOString(), item: 'm01', status: 'in_progress', percent: sent % 100 }
        : { id: `soak-${sent}`, type: 'indicator.reported', unit, at: new Date().toISOString(), indicator: kind % 2 ? 'dossiers_online' : 'dossiers_total', value: 100 + (sent % 500), period: day() };
  const res = await api(server.url, '/api/v1/events', { body: event });
  if (res.status !== 202) failed += 1;
}

// Warm up for half a minute so that caches and JIT settle before the first measurement.
const warm = setInterval(() => void writeOne(), 1000 / RATE);
await new Promise((r) => setTimeout(r, 30_000));
const start = await measure();
console.log(`start: ${JSON.stringify(start)}`);
const end = Date.now() + minutes * 60_000;
while (Date.now() < end) {
  await new Promise((r) => setTimeout(r, 60_000));
  console.log(`+${Math.round((minutes * 60_000 - (end - Date.now())) / 60_000)} min: ${JSON.stringify(await measure())}, events sent ${sent}`);
}
clearInterval(warm);
await new Promise((r) => setTimeout(r, 2_000));
const finish = await measure();
await page.screenshot({ path: `${ARTIFACTS}soak-end.png` });
const result = {
  minutes,
  eventsPerSecond: RATE,
  eventsSent: sent,
  writesFailed: failed,
  heapStartMB: Number(start.heapMB.toFixed(2)),
  heapEndMB: Number(finish.heapMB.toFixed(2)),
  heapGrowthMB: Number((finish.heapMB - start.heapMB).toFixed(2)),
  domNodesStart: start.domNodes,
  domNodesEnd: finish.domNodes,
  longFramesDuringRun: finish.longFrames - start.longFrames,
  consoleErrors: errors.length,
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(`${ARTIFACTS}soak.json`, JSON.stringify(result, null, 2));
await browser.close();
await server.stop();
await dropPrefix(prefix);
const ok = result.heapGrowthMB < HEAP_LIMIT_MB && failed === 0 && errors.length === 0;
console.log(ok ? `soak passed: heap grew ${result.heapGrowthMB} MB (limit ${HEAP_LIMIT_MB} MB)` : 'soak FAILED');
process.exit(ok ? 0 : 1);
