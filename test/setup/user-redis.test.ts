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

/** A MONITOR line: `<time> [<db> <client address>] "<COMMAND>" "<arg>" ...`. */
function parseMonitorLine(line: string): { client: string; command: string } | null {
  const m = /^[\d.]+ \[\d+ ([^\]]+)\] "([^"]+)"/.exec(line);
  return m ? { client: m[1]!, command: m[2]!.toUpperCase() } : null;
}

/** Commands that may write without Redis flagging them `write`: a script's writes are its own, and a message reaches every subscriber. */
const MAY_WRITE = new Set(['EVAL', 'EVALSHA', 'FCALL', 'PUBLISH', 'SPUBLISH']);

/** Whether `command` changes data: Redis's own `write` flag (COMMAND INFO), or a script or a message. */
async function writes(client: Client, command: string): Promise<boolean> {
  if (MAY_WRITE.has(command)) return true;
  const [info] = (await client.sendCommand(['COMMAND', 'INFO', command])) as [unknown[] | null];
  return ((info?.[2] ?? []) as string[]).includes('write');
}

describe("the user's own Redis", () => {
  it('on 127.0.0.1:6379 gets no write command from a test run, which uses a Redis of its own', { timeout: 180_000 }, async () => {
    // The machine's Redis on 6379 if one runs there (as on a developer's machine), else one started here in its place.
    let standIn: Awaited<ReturnType<typeof spawnRedis>> | null = null;
    const standInDir = mkdtempSync(join(tmpdir(), 'ioc-user-redis-'));
    if (!(await answers(USER_PORT))) standIn = await spawnRedis(standInDir, { port: USER_PORT, aof: 'off' });
    // Only reads and MONITOR go to 6379 from here: the proof writes nothing there itself.
    const user = await connect(USER_PORT);
    const userMonitor = await connect(USER_PORT);
    let runMonitor: Client | null = null;
    try {
      // What counts as a write, as this Redis flags its commands: the run's would be SET, HSET, XADD, EVALSHA, UNLINK...
      expect(await Promise.all(['SET', 'XADD', 'EVALSHA', 'UNLINK', 'PUBLISH', 'GET', 'XRANGE', 'EXISTS'].map((c) => writes(user, c)))).toEqual([true, true, true, true, true, false, false, false]);
      const runIdBefore = /run_id:(\w+)/.exec(await user.info('server'))?.[1];
      // Clients already connected (ours, and on a developer's machine anything else) are not the run's.
      const before = new Set([...String(await user.sendCommand(['CLIENT', 'LIST'])).matchAll(/addr=(\S+)/g)].map((m) => m[1]!));
      const seenOnUser: { client: string; command: string; line: string }[] = [];
      await userMonitor.monitor((line) => {
        const parsed = parseMonitorLine(line);
        if (parsed && !before.has(parsed.client)) seenOnUser.push({ ...parsed, line });
      });

      const runId = `untouched${randomBytes(4).toString('hex')}`;
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

      // The monitor on 6379 is live: a read sent now by a new connection shows up on it.
      const control = await connect(USER_PORT);
      await control.exists(`ioc-test:${runId}:control`);
      control.destroy();
      await waitFor(async () => seenOnUser.some((c) => c.line.includes(`${runId}:control`)), 10_000, 'the control command on the monitor');
      const fromRun = seenOnUser.filter((c) => !c.line.includes(`${runId}:control`));
      const written = [];
      for (const c of fromRun) if (await writes(user, c.command)) written.push(c.line);
      expect(written, 'write commands that reached 6379 during the run').toEqual([]);
      expect(fromRun.filter((c) => c.line.includes(runId)).map((c) => c.line), "commands naming the run's keys that reached 6379").toEqual([]);

      // The run started a Redis of its own on another port, wrote there, and stopped and removed it at the end.
      expect(runPort).toBeGreaterThan(0);
      expect(runPort).not.toBe(USER_PORT);
      expect(seenOnRun, "commands of the run seen on the run's own Redis").toBeGreaterThan(0);
      expect(await answers(runPort)).toBe(false);
      expect(existsSync(runDir)).toBe(false);
      // The user's server itself was not restarted.
      expect(/run_id:(\w+)/.exec(await user.info('server'))?.[1]).toBe(runIdBefore);
    } finally {
      for (const c of [userMonitor, runMonitor as Client | null]) if (c?.isOpen) c.destroy();
      user.destroy();
      await standIn?.stop();
      rmSync(standInDir, { recursive: true, force: true });
    }
  });
});
