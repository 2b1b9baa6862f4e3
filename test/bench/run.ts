/**
 * `npm run bench` (about 10 minutes on 2 cores) or `npm run bench -- --quick` (its cases took
 * 205 s in all on 2 cores, run one by one with little else on the machine; the target is under
 * 3 minutes, and a minute of it is the push-to-pixel figure's 105 writes, each 520 ms after the
 * last paint):
 * every figure beside a baseline measured in the same run; prints a table, the total time
 * (the web app's build included) and writes test/bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import type { Figure } from './lib/figures';
import { BENCH_DIR } from './lib/procs';
import type { BenchContext } from './cases/context';
import { historyFigures } from './cases/history';
import { ingestFigures } from './cases/ingest';
import { memoryFigures } from './cases/memory';
import { nationalFigures } from './cases/national';
import { pixelFigures } from './cases/pixel';
import { pushFigures } from './cases/push';
import { reconnectFigures } from './cases/reconnect';
import { reducerFigures } from './cases/reducer';
import { resumeFigures } from './cases/resume';
import { timetravelFigures } from './cases/timetravel';
import { wallCostFigures } from './cases/wallcost';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const started = Date.now();
const ctx: BenchContext = { quick, log: (line) => console.log(`  [${Math.round((Date.now() - started) / 1000)}s] ${line}`) };

// `national` starts a Redis Cluster and 36 server processes (about 6 minutes): it runs only when named.
const OPT_IN = new Set(['national']);
const cases: [string, (c: BenchContext) => Promise<Figure[]>][] = [
  ['reducer', reducerFigures],
  ['ingest', ingestFigures],
  ['push', pushFigures],
  ['memory', memoryFigures],
  ['resume', resumeFigures],
  ['reconnect', reconnectFigures],
  ['history', historyFigures],
  ['pixel', pixelFigures],
  ['timetravel', timetravelFigures],
  ['wallcost', wallCostFigures],
  ['national', nationalFigures],
];

// The wall's cases measure the web app this tree builds: built here, so the total time counts it.
const WEB_CASES = ['pixel', 'timetravel', 'wallcost'];
if (WEB_CASES.some((name) => (only ? only.split(',').includes(name) : true))) {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  ctx.log('web app built');
}

const figures: Figure[] = [];
const failures: string[] = [];
const caseSeconds: Record<string, number> = {};
for (const [name, run] of cases) {
  if (only ? !only.split(',').includes(name) : OPT_IN.has(name)) continue;
  console.log(`${name}…`);
  const caseStarted = Date.now();
  try {
    figures.push(...(await run(ctx)));
  } catch (err) {
    failures.push(`${name}: ${err instanceof Error ? err.stack : String(err)}`);
    console.error(`  ${name} failed: ${String(err)}`);
  }
  caseSeconds[name] = Math.round((Date.now() - caseStarted) / 1000);
  ctx.log(`${name}: ${caseSeconds[name]} s, load average ${loadavg()[0]!.toFixed(2)}`);
}

const rows = figures.map((f) => [f.name, `${f.value} ${f.unit}`, `${f.baseline} (${f.baselineName})`, String(f.ratio), f.target, f.met ? 'yes' : 'NO']);
const head = ['figure', 'value', 'baseline', 'ratio', 'target', 'met'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}`);
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
const results = { quick, when: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), caseSeconds, loadAverage: loadavg(), machine, figures, failures };
writeFileSync(`${BENCH_DIR}results.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${figures.filter((f) => f.met).length} of ${figures.length} figures meet their targets; results in test/bench/results.json`);
console.log(`total ${results.seconds} s (with the web app build when a case needs it), load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(failures.length ? 1 : 0);
