import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { spawnRedis, waitFor } from '../helpers/process';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const USER_PORT = 6379;
type Client = ReturnType<typeof createClient>;

async function connect(port: number): Promise<Client> {
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function answers(port: number): Promise<boolean> {
  try {
    const c = await connect(port);
    c.destroy();
    return true;
  } catch {
    return false;
  }
}

/** Everything under `ns`, read back by type, with whether each key still has its TTL. */
async function readAll(client: Client, ns: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for await (const batch of client.scanIterator({ MATCH: `${ns}*`, COUNT: 1000 })) {
    for (const key of batch) {
      const type = await client.type(key);
      const value =
        type === 'string' ? await client.get(key)
        : type === 'hash' ? await client.hGetAll(key)
        : type === 'list' ? await client.lRange(key, 0, -1)
        : type === 'stream' ? await client.xRange(key, '-', '+')
        : `unexpected type ${type}`;
      out[key] = { type, value, expires: (await client.pTTL(key)) > 0 };
    }
  }
  return out;
}

/** Runs `vitest run <files>` as `npm test` would, without TEST_REDIS_URL, calling `onLine` for each line of its output. */
function nestedVitest(files: string[], env: Record<string, string>, onLine: (line: string) => void): Promise<{ code: number | null; output: string }> {
  const inherited = Object.entries(process.env).filter(([k]) => k !== 'TEST_REDIS_URL' && k !== 'TEST_RUN_ID' && !k.startsWith('VITEST'));
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...files], {
    cwd: ROOT,
    env: { ...Object.fromEntries(inherited), NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let partial = '';
  const take = (d: Buffer) => {
    output += d.toString();
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(onLine);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

describe("the user's own Redis", () => {
  it('on 127.0.0.1:6379 with keys in it is left untouched by a test run, which uses a Redis of its own', { timeout: 180_000 }, async () => {
    // The machine's Redis on 6379 if one runs there (as on a developer's machine), else one started here in its place.
    let standIn: Awaited<ReturnType<typeof spawnRedis>> | null = null;
    const standInDir = mkdtempSync(join(tmpdir(), 'ioc-user-redis-'));
    if (!(await answers(USER_PORT))) standIn = await spawnRedis(standInDir, { port: USER_PORT, aof: 'off' });
    const user = await connect(USER_PORT);
    const userMonitor = await connect(USER_PORT);
    let runMonitor: Client | null = null;
    const ns = `user-data:${randomBytes(4).toString('hex')}:`;
    try {
      await user.set(`${ns}name`, 'Sở Thông tin và Truyền thông Nghệ An');
      await user.hSet(`${ns}hash`, { a: '1', b: 'hai' });
      await user.rPush(`${ns}list`, ['x', 'y', 'z']);
      await user.xAdd(`${ns}stream`, '1-1', { event: 'kept' });
      await user.set(`${ns}expiring`, 'v', { EX: 3600 });
      const before = await readAll(user, ns);
      expect(Object.keys(before)).toHaveLength(5);
      const runIdBefore = /run_id:(\w+)/.exec(await user.info('server'))?.[1];

      // Every command 6379 receives that carries the nested run's id (its key prefixes do).
      const runId = `untouched${randomBytes(4).toString('hex')}`;
      const seenOnUser: string[] = [];
      await userMonitor.monitor((line) => {
        if (line.includes(runId)) seenOnUser.push(line);
      });

      let runPort = 0;
      let runDir = '';
      let seenOnRun = 0;
      let attaching: Promise<void> = Promise.resolve();
      const run = await nestedVitest(['test/integration/store.test.ts'], { TEST_RUN_ID: runId }, (line) => {
        const m = /test Redis: redis:\/\/127\.0\.0\.1:(\d+), started for this run \(data in (\S+),/.exec(line);
        if (!m) return;
        runPort = Number(m[1]);
        runDir = m[2]!;
        // Watch the run's own Redis too, to see the run's writes arrive there.
        attaching = connect(runPort).then(async (c) => {
          runMonitor = c;
          await c.monitor((l) => {
            if (l.includes(runId)) seenOnRun += 1;
          });
        });
      });
      await attaching;
      expect(run.code, run.output).toBe(0);
      expect(Number(/Tests\s+(\d+) passed/.exec(run.output)?.[1] ?? 0)).toBeGreaterThan(0);

      // The monitor on 6379 is live: a command with the run's id sent now shows up.
      await user.exists(`ioc-test:${runId}:control`);
      await waitFor(async () => seenOnUser.some((l) => l.includes(':control')), 10_000, 'the control command on the monitor');
      expect(seenOnUser.filter((l) => !l.includes(':control')), 'commands of the run that reached 6379').toEqual([]);

      // The run started a Redis of its own on another port, wrote there, and stopped and removed it at the end.
      expect(runPort).toBeGreaterThan(0);
      expect(runPort).not.toBe(USER_PORT);
      expect(seenOnRun, "commands of the run seen on the run's own Redis").toBeGreaterThan(0);
      expect(await answers(runPort)).toBe(false);
      expect(existsSync(runDir)).toBe(false);

      // The user's keys and the server itself are as they were.
      expect(await readAll(user, ns)).toEqual(before);
      expect(/run_id:(\w+)/.exec(await user.info('server'))?.[1]).toBe(runIdBefore);
    } finally {
      for (const c of [userMonitor, runMonitor as Client | null]) if (c?.isOpen) c.destroy();
      for await (const batch of user.scanIterator({ MATCH: `${ns}*`, COUNT: 1000 })) if (batch.length) await user.unlink(batch);
      user.destroy();
      await standIn?.stop();
      rmSync(standInDir, { recursive: true, force: true });
    }
  });
});
