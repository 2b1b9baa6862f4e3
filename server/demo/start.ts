import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Application } from '../app';
import type { Role } from '@shared/api';
import type { IocEvent } from '@shared/events';
import { DEMO_START, DemoClock } from './clock';
import { demoHistory } from './history';
import { sendEvents, Simulator } from './simulator';

const DEMO_LABEL = 'demo:';

/** The labels the admin page and the audit show, in the config's language (the keys stay as they are in tokens.json). */
const SHOWN: Record<string, string> = { admin: 'quản trị', wall: 'màn hình tường', briefing: 'giao ban', desk: 'bàn điều hành', 'simulator (history)': 'mô phỏng (tháng trước)' };

function shownLabel(app: Application, key: string, unit?: string): string {
  const { units, defaultLocale } = app.catalog.config;
  const name = unit ? (units.find((u) => u.id === unit)?.name[defaultLocale] ?? unit) : '';
  if (defaultLocale !== 'vi') return key;
  if (key.startsWith('console')) return `bàn làm việc (${name})`;
  if (key.startsWith('simulator (') && unit) return `mô phỏng (${name})`;
  return SHOWN[key] ?? key;
}
/** The API's largest batch. */
const MAX_BATCH = 500;

export interface DemoOptions {
  port: number;
  /** Where the server listens: the simulated units post to it there. */
  host: string;
  /** The server serves HTTPS (IOC_TLS_CERT): the printed URLs and the simulated units use it. */
  https?: boolean;
  simulate: boolean;
  /** Demo mode (no admin token): issue display tokens and print the pages' URLs. */
  printTokens: boolean;
  /** Where the demo keeps its tokens between runs, so that open screens survive a restart. */
  dataDir: string;
}

/**
 * Issues fresh demo tokens (revoking the last run's), prints the pages' URLs and starts
 * the simulated units. Returns a function that stops the simulation.
 */
export async function startDemo(app: Application, options: DemoOptions): Promise<() => Promise<void>> {
  await app.follower.whenLoaded();
  const kept = await keptTokens(app, options.dataDir);
  if (!kept) for (const old of await app.tokens.list()) if (old.label.startsWith(DEMO_LABEL)) await app.tokens.revoke(old.id);
  // Every token the demo needs, issued in one go: one write to the log records them all.
  const wanted: { label: string; role: Role; unit?: string }[] = [];
  if (options.printTokens) wanted.push({ label: 'admin', role: 'admin' }, { label: 'wall', role: 'viewer' }, { label: 'briefing', role: 'operator' }, { label: 'console (dic)', role: 'unit', unit: 'dic' }, { label: 'desk', role: 'operator' });
  if (options.simulate) {
    for (const unit of app.catalog.config.units) wanted.push({ label: `simulator (${unit.id})`, role: 'unit', unit: unit.id });
    // The month before the story is written as the units' and the desk's events, a moment at a time (see writeHistory).
    wanted.push({ label: 'simulator (history)', role: 'admin' });
  }
  const missing = wanted.filter((w) => kept?.[w.label] === undefined);
  const fresh = await app.tokens.issueMany(missing.map((w) => ({ role: w.role, label: `${DEMO_LABEL}${shownLabel(app, w.label, w.unit)}`, ...(w.unit ? { unit: w.unit } : {}) })));
  const issued: Record<string, string> = { ...kept };
  missing.forEach((w, i) => (issued[w.label] = fresh[i]!.token));
  for (const label of Object.keys(issued)) if (!wanted.some((w) => w.label === label)) delete issued[label];

  // Every token is issued and saved before anything is printed: a restart right after still finds them.
  const pages = options.printTokens ? { admin: issued.admin!, wall: issued.wall!, briefing: issued.briefing!, console: issued['console (dic)']!, desk: issued.desk! } : null;
  const unitTokens = new Map<string, string>();
  if (options.simulate) for (const unit of app.catalog.config.units) unitTokens.set(unit.id, issued[`simulator (${unit.id})`]!);
  saveTokens(options.dataDir, issued);

  const baseUrl = `${options.https ? 'https' : 'http'}://${options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host}:${options.port}`;
  // The month before the story is written before the links are printed: a screen opened from
  // them shows the story's own moment, with its past.
  if (options.simulate && app.clock instanceof DemoClock && app.clock.writingHistory) {
    await writeHistory(app, app.clock, baseUrl, issued['simulator (history)']!);
  }

  if (pages) {
    const base = `${options.https ? 'https' : 'http'}://localhost:${options.port}`;
    const lines = [
      '',
      'IOC Wall is running in demo mode' + (options.simulate ? ` with simulated units (clock at ${new Date(app.clock.now()).toISOString()}, a month of history from early March 2024)` : ''),
      `  wall:      ${base}/wall#token=${pages.wall}`,
      `  briefing:  ${base}/briefing#token=${pages.briefing}`,
      `  console:   ${base}/console#token=${pages.console}  (unit: dic)`,
      `  desk:      ${base}/desk#token=${pages.desk}`,
      `  admin:     ${base}/admin#token=${pages.admin}`,
      `  API:       curl -H "Authorization: Bearer ${pages.admin}" ${base}/api/v1/state`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!options.simulate) return async () => {};

  const simulator = new Simulator({
    baseUrl,
    catalog: app.catalog,
    clock: app.clock,
    tokens: unitTokens,
    state: () => app.follower.projection,
    onError: (err) => app.logger.warn({ err: err instanceof Error ? err.message : err }, 'simulator'),
  });
  simulator.start();
  return () => simulator.stop();
}

/**
 * Writes the demo's past through the API, moving the held clock to each moment of it, then lets
 * the clock run from the story's start. Each moment's reports (many units report at 16:00) go in
 * one batch, so the store syncs to disk once per moment and the month takes a second or two; the
 * events keep their units, and the batch's receivedAt is the moment's. Ids are fixed, so a history
 * cut short by a stop is stored once when the next start writes it again.
 */
async function writeHistory(app: Application, clock: DemoClock, baseUrl: string, token: string): Promise<void> {
  const started = Date.now();
  const posts = demoHistory(app.catalog);
  for (let i = 0; i < posts.length; ) {
    const at = posts[i]!.at;
    const events: IocEvent[] = [];
    while (i < posts.length && posts[i]!.at === at) events.push(...posts[i++]!.events);
    clock.advanceTo(at);
    for (let from = 0; from < events.length; from += MAX_BATCH) {
      const problem = await sendEvents(baseUrl, token, events.slice(from, from + MAX_BATCH));
      if (problem) app.logger.warn({ at: new Date(at).toISOString(), problem }, 'demo history');
    }
  }
  clock.run(DEMO_START);
  app.logger.info({ writes: posts.length, events: posts.reduce((n, p) => n + p.events.length, 0), ms: Date.now() - started }, 'demo history written');
}

const tokensFile = (dir: string) => join(dir, 'demo-tokens.json');

/**
 * The demo's tokens from its last run, if every one of them is still valid. They are kept in
 * plain text in the data directory, which only a demo does: real tokens exist only as hashes.
 */
async function keptTokens(app: Application, dir: string): Promise<Record<string, string> | null> {
  try {
    const saved = JSON.parse(readFileSync(tokensFile(dir), 'utf8')) as Record<string, string>;
    const valid = await Promise.all(Object.values(saved).map((t) => app.tokens.verify(t)));
    return valid.every((p) => p !== null) ? saved : null;
  } catch {
    return null;
  }
}

function saveTokens(dir: string, tokens: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(tokensFile(dir), JSON.stringify(tokens, null, 2), { mode: 0o600 });
}
