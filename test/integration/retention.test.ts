import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@shared/events';
import { EmbeddedStore } from '../../server/store/embedded';
import { RedisStore } from '../../server/store/redis';
import type { Store } from '../../server/store/store';
import { mixedEvent } from '../bench/lib/mixed-log';
import { runLog } from '../helpers/cli';
import { spawnServer, waitFor, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, api, Display, issueToken } from '../helpers/server';

const DAY = 86_400_000;
const OLD_DAYS = 3;
const PER_DAY = 100;
const RECENT = 50;
const OLD = OLD_DAYS * PER_DAY;
const TOTAL = OLD + RECENT;

const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `ioc-retain-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * 100 events a day received 30, 29 and 28 days ago, then 50 received an hour ago: a backup's history.
 * Each old day's events span 99 s from UTC noon: archives are cut at UTC midnight, and a day started
 * at "now - 30 days" straddled it when the test ran in the last 99 s before 00:00 UTC.
 */
function history(): StoredEvent[] {
  const start = Math.floor((Date.now() - 30 * DAY) / DAY) * DAY + DAY / 2;
  return Array.from({ length: TOTAL }, (_, i) => {
    const receivedAt = i < OLD ? start + Math.floor(i / PER_DAY) * DAY + (i % PER_DAY) * 1000 : Date.now() - 3_600_000 + i;
    return { ...mixedEvent(i, 'old'), seq: i + 1, receivedAt: new Date(receivedAt).toISOString(), by: 'tok-backup' } as unknown as StoredEvent;
  });
}

async function importHistory(store: Store): Promise<StoredEvent[]> {
  await store.open();
  const events = history();
  await store.importEvents('retention-epoch', events);
  await store.close();
  return events;
}

const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
const metrics = async (url: string) => (await fetch(`${url}/metrics`)).text();

async function wholeLog(url: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (let after = 0; ; ) {
    const res = await api(url, `/api/v1/events?after=${after}&limit=70`);
    expect(res.status).toBe(200);
    const events = res.body.events as StoredEvent[];
    if (!events.length) return out;
    out.push(...events);
    after = events.at(-1)!.seq;
  }
}

const stateAt = async (url: string, seq: number) => {
  const res = await api(url, `/api/v1/state?seq=${seq}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('retention and archive with a real server', () => {
  let server: ServerProcess | undefined;
  let other: ServerProcess | undefined;
  const prefix = testPrefix('retention');
  afterAll(async () => {
    await other?.stop();
    await server?.stop();
    await dropPrefix(prefix);
  });

  it('on Redis: archives old days, still serves them to /events and time travel, reports them in /metrics, and resumes a display behind the stream with a snapshot', async () => {
    const archiveDir = tempDir('archive');
    const events = await importHistory(new RedisStore({ url: TEST_REDIS_URL, prefix, archiveDir }));
    const env = { REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_ARCHIVE_DIR: archiveDir };

    // Before: the whole log live, and what time travel answers.
    server = await spawnServer(env);
    const before = await wholeLog(server.url);
    expect(before).toEqual(events);
    const seqs = [1, 99, 100, 101, 250, OLD, OLD + 1, TOTAL];
    const states = await Promise.all(seqs.map((seq) => stateAt(server!.url, seq)));
    // Time travel by time too: the middle of the second archived day.
    const midDay = encodeURIComponent(events[150]!.receivedAt);
    const atMidDay = await api(server.url, `/api/v1/state?at=${midDay}`);
    expect(atMidDay.body.seq).toBe(151);
    await server.stop();

    // With 7 days kept, the start-up pass archives the three old days. It writes the day files
    // (the archive's count is complete) before it trims the stream, so the end of the pass is the
    // live count falling: waiting for the archive's count alone read the stream untrimmed (350).
    server = await spawnServer({ ...env, IOC_RETAIN_DAYS: '7' });
    await waitFor(async () => metric(await metrics(server!.url), 'ioc_log_live_events') === RECENT, 15_000, 'the archive run to trim the stream');
    const text = await metrics(server.url);
    expect(metric(text, 'ioc_log_archived_events')).toBe(OLD);
    expect(metric(text, 'ioc_log_archived_files')).toBe(OLD_DAYS);
    expect(metric(text, 'ioc_log_live_bytes')).toBeGreaterThan(0);
    expect(metric(text, 'ioc_log_archived_bytes')).toBeGreaterThan(0);
    const files = readdirSync(join(archiveDir, 'retention-epoch')).filter((f) => f.endsWith('.gz')).sort();
    expect(files).toHaveLength(OLD_DAYS);
    // What `zcat` shows: one stored event a line.
    const firstDay = gunzipSync(readFileSync(join(archiveDir, 'retention-epoch', files[0]!))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as StoredEvent);
    expect(firstDay).toEqual(events.slice(0, PER_DAY));
    await server.stop();

    // After a restart (the follower starts from the snapshot retention saved): the same answers.
    server = await spawnServer({ ...env, IOC_RETAIN_DAYS: '7' });
    expect(metric(await metrics(server.url), 'ioc_log_live_events')).toBe(RECENT);
    expect(await wholeLog(server.url)).toEqual(before);
    for (const [i, seq] of seqs.entries()) expect(await stateAt(server.url, seq), `state at ${seq}`).toEqual(states[i]);
    expect((await api(server.url, `/api/v1/state?at=${midDay}`)).body).toEqual(atMidDay.body);

    // Issuing a token writes its own event (the audit's): the head is one further.
    const { token } = await issueToken(server.url, 'viewer');
    const head = TOTAL + 1;
    const behind = new Display(server.url, token, { epoch: 'retention-epoch', seq: 10 });
    await behind.until(() => behind.snapshots.length === 1);
    expect(behind.snapshots[0]).toMatchObject({ epoch: 'retention-epoch', seq: head });
    expect(behind.received).toEqual([]);
    const live = new Display(server.url, token, { epoch: 'retention-epoch', seq: TOTAL - 5 });
    await live.until(() => live.seq === head);
    expect(live.snapshots).toEqual([]);
    expect(live.gaps).toBe(0);
    behind.close();
    live.close();

    // A node that does not see the shared archive says so instead of skipping events.
    other = await spawnServer({ ...env, IOC_ARCHIVE_DIR: tempDir('elsewhere') });
    const refused = await api(other.url, '/api/v1/events?after=0&limit=10');
    expect(refused.status).toBe(503);
    expect(refused.body.error?.message).toMatch(/IOC_ARCHIVE_DIR/);
    expect((await api(other.url, `/api/v1/events?after=${OLD}&limit=10`)).status).toBe(200);
  }, 180_000);

  it('on the embedded store: trims events.log, which `log verify` accepts with its archive, and reads across it', async () => {
    const dir = tempDir('data');
    const events = await importHistory(new EmbeddedStore(dir));
    server = await spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RETAIN_DAYS: '7' });
    await waitFor(async () => metric(await metrics(server!.url), 'ioc_log_archived_events') === OLD, 15_000, 'the archive run');
    expect(await wholeLog(server.url)).toEqual(events);
    await server.stop();
    server = undefined;
    const firstLine = JSON.parse(readFileSync(join(dir, 'events.log'), 'utf8').split('\n')[0]!) as { firstSeq: number };
    expect(firstLine.firstSeq).toBe(OLD + 1);
    // A backup taken from the trimmed folder holds the whole history.
    const out = tempDir('export');
    expect((await runLog(['export', '--out', join(out, 'backup')], { IOC_DATA_DIR: dir })).code).toBe(0);
    const exported = readFileSync(join(out, 'backup', 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as StoredEvent);
    expect(exported).toEqual(events);
    const verified = await runLog(['verify'], { IOC_DATA_DIR: dir });
    expect(verified.output).toContain(`events 1 to ${OLD} are in the archive`);
    expect(verified.code).toBe(0);
    rmSync(join(dir, 'archive'), { recursive: true, force: true });
    const broken = await runLog(['verify'], { IOC_DATA_DIR: dir });
    expect(broken.code).toBe(1);
  }, 120_000);

  it('on Redis: lets one node archive at a time; the others skip that pass', async () => {
    const lockPrefix = testPrefix('retention-lock');
    const archiveDir = tempDir('lock');
    await importHistory(new RedisStore({ url: TEST_REDIS_URL, prefix: lockPrefix, archiveDir }));
    const nodes = [0, 1, 2].map(() => new RedisStore({ url: TEST_REDIS_URL, prefix: lockPrefix, archiveDir }));
    try {
      for (const node of nodes) await node.open();
      const { epoch } = await nodes[0]!.head();
      await nodes[0]!.saveSnapshot({ epoch, seq: TOTAL, receivedAt: Date.now(), state: '{}' });
      const cutoff = Date.now() - 7 * DAY;
      const outcomes = await Promise.all(nodes.map((node) => node.archive(cutoff)));
      expect(outcomes.filter((o) => o.skipped)).toHaveLength(2);
      expect(outcomes.find((o) => !o.skipped)).toMatchObject({ events: OLD, upTo: OLD });
      // The lock is let go after the pass: the next one runs, and has nothing left to move.
      expect(await nodes[1]!.archive(cutoff)).toEqual({ events: 0, files: [], upTo: OLD });
      expect((await nodes[2]!.read(0, TOTAL)).events.map((e) => e.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    } finally {
      for (const node of nodes) await node.close();
      await dropPrefix(lockPrefix);
    }
  });
});
