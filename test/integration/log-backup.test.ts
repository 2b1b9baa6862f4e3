import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLog } from '../helpers/cli';
import { spawnServer } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, api, issueToken, startServer } from '../helpers/server';

const root = mkdtempSync(join(tmpdir(), 'ioc-backup-'));
const prefixes: string[] = [];
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  for (const p of prefixes) await dropPrefix(p);
});

const onRedis = (prefix: string) => ({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix });
const onFolder = (dir: string) => ({ REDIS_URL: '', IOC_DATA_DIR: dir });
const newPrefix = (name: string) => {
  const p = testPrefix(name);
  prefixes.push(p);
  return p;
};

/** A morning of reports: counts per unit and day, task progress, notes. */
function morning(n: number): Record<string, unknown>[] {
  const units = ['police', 'dic', 'health', 'justice', 'education'];
  const at = '2024-04-02T09:00:00+07:00';
  return Array.from({ length: n }, (_, i) => {
    const unit = units[i % units.length]!;
    const id = `m-${i}`;
    if (i % 3 === 0) return { id, type: 'indicator.reported', unit, at, indicator: 'dossiers_online', value: 5 + (i % 11), period: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}` };
    if (i % 3 === 1) return { id, type: 'progress.reported', unit: 'ppc-office', at, item: `t0${1 + (i % 5)}`, status: 'in_progress', percent: i % 100 };
    return { id, type: 'note.posted', unit, at, text: `note ${i}`, severity: 'warning' };
  });
}

interface Manifest {
  epoch: string;
  head: number;
  counts: { events: number; tokens: number };
  files: Record<string, { sha256: string }>;
}
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

async function stateAt(url: string, token: string, seq: number): Promise<unknown> {
  const res = await fetch(`${url}/api/v1/state?seq=${seq}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.json();
}

describe('npm run log -- export / import', () => {
  it('carries the whole history from Redis to the embedded store and back, with the same seqs, epoch, tokens and state', async () => {
    const first = newPrefix('backup-a');
    const source = await startServer({ prefix: first, snapshotEvery: 50 });
    let viewer: string;
    let before: unknown;
    let epoch: string;
    const out1 = join(root, 'from-redis');
    try {
      for (let i = 0; i < 300; i += 100) expect((await api(source.url, '/api/v1/events', { body: { events: morning(300).slice(i, i + 100) } })).status).toBe(202);
      // Issuing the token writes token.issued into the log (the audit trail): event 301.
      viewer = (await issueToken(source.url, 'viewer')).token;
      before = await stateAt(source.url, viewer, 300);
      epoch = (before as { epoch: string }).epoch;

      // While the server runs.
      const exported = await runLog(['export', '--out', out1], onRedis(first));
      expect(exported.code, exported.output).toBe(0);
      expect(manifestOf(out1)).toMatchObject({ epoch, head: 301, counts: { events: 301, tokens: 1 } });
    } finally {
      await source.close();
    }

    const folder = join(root, 'embedded');
    const imported = await runLog(['import', out1], onFolder(folder));
    expect(imported.code, imported.output).toBe(0);
    expect(imported.output).toContain(`imported 301 events (seq 1 to 301, epoch ${epoch}) and 1 token into the embedded store in ${folder}`);

    const embedded = await spawnServer({ IOC_DATA_DIR: folder, IOC_ADMIN_TOKEN: ADMIN_TOKEN });
    const out2 = join(root, 'from-embedded');
    try {
      expect(await stateAt(embedded.url, viewer, 300)).toEqual(before);
      const now = (await api(embedded.url, '/api/v1/state', { token: viewer })).body;
      expect(now).toMatchObject({ epoch, seq: 301 });

      const refused = await runLog(['import', out1], onFolder(folder));
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`refusing to write while a server holds the folder. ${folder} is in use by another IOC Wall process: pid ${embedded.proc.pid}`);

      const exported = await runLog(['export', '--out', out2], onFolder(folder));
      expect(exported.code, exported.output).toBe(0);
      expect(manifestOf(out2).files).toEqual(manifestOf(out1).files);
    } finally {
      await embedded.stop();
    }

    const second = newPrefix('backup-c');
    const back = await runLog(['import', out2], onRedis(second));
    expect(back.code, back.output).toBe(0);
    const again = await runLog(['import', out2], onRedis(second));
    expect(again.code).toBe(1);
    expect(again.output).toContain('is not empty (301 events, 1 token): import only into an empty store');
    const target = await startServer({ prefix: second });
    try {
      expect(await stateAt(target.url, viewer, 300)).toEqual(before);
      expect(await target.store.head()).toEqual({ epoch, seq: 301 });
      const next = await api(target.url, '/api/v1/events', { body: { events: morning(301).slice(299) } });
      expect(next.body).toMatchObject({ accepted: [{ id: 'm-300', seq: 302 }], duplicates: [{ id: 'm-299', seq: 300 }] });
    } finally {
      await target.close();
    }
  }, 180_000);

  it('refuses a backup whose files do not match their checksums, and imports nothing', async () => {
    const prefix = newPrefix('backup-d');
    const source = await startServer({ prefix });
    const out = join(root, 'to-damage');
    try {
      expect((await api(source.url, '/api/v1/events', { body: { events: morning(10) } })).status).toBe(202);
      expect((await runLog(['export', '--out', out], onRedis(prefix))).code).toBe(0);
    } finally {
      await source.close();
    }
    const damaged = join(root, 'damaged');
    cpSync(out, damaged, { recursive: true });
    const events = join(damaged, 'events.ndjson');
    writeFileSync(events, readFileSync(events, 'utf8').replace('"note 2"', '"note X"'));
    const folder = join(root, 'never-written');
    const refused = await runLog(['import', damaged], onFolder(folder));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`${events} does not match its checksum in the manifest`);
    expect(existsSync(join(folder, 'events.log'))).toBe(false);
  }, 60_000);
});
