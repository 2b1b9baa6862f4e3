import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runUntilExit, spawnRedis, waitFor, type RedisProcess } from '../helpers/process';
import { Display } from '../helpers/server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ioc-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('start-up', () => {
  it('refuses a bad province config, naming every problem, and exits 1', async () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'server/demo/nghe-an.json'), 'utf8')) as { units: { parent?: string }[]; indicators: { target?: unknown }[] };
    config.units[0]!.parent = 'atlantis';
    config.indicators[2]!.target = 'eighty';
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify(config));
    const { code, output } = await runUntilExit({ IOC_DATA_DIR: dir, IOC_CONFIG: path, PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(output).toContain('units.0.parent: unknown unit "atlantis"');
    expect(output).toContain('indicators.2.target');
  }, 60_000);

  it('refuses a short admin token and a bad port, and exits 1', async () => {
    const { code, output } = await runUntilExit({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: 'short', PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output).toContain('IOC_ADMIN_TOKEN: must be at least 32 characters');
    expect(output).toContain('PORT');
  }, 60_000);

  it('starts without its Redis, answers /readyz and store work with 503, tells displays, and recovers when Redis comes up', async () => {
    const port = await freePort();
    const redisPort = await freePort();
    const admin = 'x'.repeat(40);
    const base = `http://127.0.0.1:${port}`;
    const write = (token: string, id: string) =>
      fetch(`${base}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: 'x', severity: 'info' }) });
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: `redis://127.0.0.1:${redisPort}`, IOC_REDIS_PREFIX: 'ioc-startup:', IOC_ADMIN_TOKEN: admin, IOC_SIMULATE: '0', IOC_LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const redisDir = mkdtempSync(join(tmpdir(), 'ioc-startup-redis-'));
    let redis: RedisProcess | null = null;
    let display: Display | null = null;
    try {
      await waitFor(async () => (await fetch(`${base}/healthz`)).ok, 60_000, 'the server');
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      // The bootstrap admin token needs no store: the write itself meets the outage.
      const refused = await write(admin, 'while-down');
      expect([refused.status, refused.headers.get('retry-after'), ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([503, '1', 'store_unavailable']);
      // Any other token must be looked up in the store, which cannot answer: 503, not 401.
      const lookup = await fetch(`${base}/api/v1/config`, { headers: { authorization: `Bearer ioc_${'y'.repeat(43)}` } });
      expect(lookup.status).toBe(503);
      // A display is admitted, hears at once that the store is unavailable, and waits for the log.
      display = new Display(base, admin);
      const shown = display;
      await shown.until(() => shown.heartbeats.length >= 1);
      expect(shown.heartbeats[0]).toMatchObject({ store: 'unavailable', epoch: null, lastReadAt: null });
      expect(proc.exitCode).toBeNull();

      // Redis comes up: the server finds it by itself, with no restart.
      redis = await spawnRedis(redisDir, { port: redisPort });
      await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 20_000, '/readyz 200');
      expect((await write(admin, 'after-recovery')).status).toBe(202);
      await shown.until(() => shown.snapshots.length === 1 && shown.seq === 1, 15_000);
      await shown.until(() => shown.heartbeats.at(-1)?.store === 'ok', 15_000);
      expect(shown.gaps).toBe(0);
    } finally {
      display?.close();
      proc.kill('SIGKILL');
      await redis?.stop();
      rmSync(redisDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('demo mode', () => {
  it('prints the pages with tokens that work, and keeps them across a restart', async () => {
    const demoDir = mkdtempSync(join(tmpdir(), 'ioc-demo-'));
    const procs: ReturnType<typeof spawn>[] = [];
    const start = async () => {
      const port = await freePort();
      const proc = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: ROOT, env: { ...process.env, PORT: String(port), IOC_DATA_DIR: demoDir, IOC_LOG_LEVEL: 'warn', IOC_ADMIN_TOKEN: '', IOC_SIMULATE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      procs.push(proc);
      let output = '';
      proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
      await waitFor(async () => /wall: +http/.test(output), 60_000, 'the demo URLs');
      const token = /\/wall#token=(\S+)/.exec(output)![1]!;
      return { port, proc, token, output };
    };
    try {
      const first = await start();
      expect(first.output).toMatch(/briefing: +http:\/\/localhost:\d+\/briefing#token=ioc_/);
      expect(first.output).toContain('simulated units');
      const state = await fetch(`http://127.0.0.1:${first.port}/api/v1/state`, { headers: { authorization: `Bearer ${first.token}` } });
      expect(state.status).toBe(200);
      expect(((await state.json()) as { state: { now: string } }).state.now.slice(0, 10)).toBe('2024-04-02');
      first.proc.kill('SIGTERM');
      await new Promise((r) => first.proc.once('exit', r));
      const second = await start();
      expect(second.token).toBe(first.token);
      const again = await fetch(`http://127.0.0.1:${second.port}/api/v1/state`, { headers: { authorization: `Bearer ${second.token}` } });
      expect(again.status).toBe(200);
      second.proc.kill('SIGTERM');
      await new Promise((r) => second.proc.once('exit', r));
    } finally {
      for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
      rmSync(demoDir, { recursive: true, force: true });
    }
  }, 150_000);
});
