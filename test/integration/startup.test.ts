import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../helpers/process';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ioc-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the server with `env` until it exits on its own (or 15 s pass), returning its exit code and output. */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: ROOT, env: { ...process.env, IOC_DATA_DIR: dir, IOC_SIMULATE: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up', () => {
  it('refuses a bad province config, naming every problem, and exits 1', async () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'server/demo/nghe-an.json'), 'utf8')) as { units: { parent?: string }[]; indicators: { target?: unknown }[] };
    config.units[0]!.parent = 'atlantis';
    config.indicators[2]!.target = 'eighty';
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify(config));
    const { code, output } = await runUntilExit({ IOC_CONFIG: path, PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(output).toContain('units.0.parent: unknown unit "atlantis"');
    expect(output).toContain('indicators.2.target');
  }, 30_000);

  it('refuses a short admin token and a bad port, and exits 1', async () => {
    const { code, output } = await runUntilExit({ IOC_ADMIN_TOKEN: 'short', PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output).toContain('IOC_ADMIN_TOKEN: must be at least 32 characters');
    expect(output).toContain('PORT');
  }, 30_000);

  it('starts without its Redis, answers /readyz 503 and keeps retrying instead of falling back', async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), REDIS_URL: 'redis://127.0.0.1:1', IOC_ADMIN_TOKEN: 'x'.repeat(40), IOC_SIMULATE: '0', IOC_LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 20_000, 'the server');
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
      const write = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${'x'.repeat(40)}`, 'content-type': 'application/json' }, body: '{}' });
      expect(write.status).toBe(400);
      expect(proc.exitCode).toBeNull();
    } finally {
      proc.kill('SIGKILL');
    }
  }, 30_000);
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
      await waitFor(async () => /wall: +http/.test(output), 20_000, 'the demo URLs');
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
  }, 60_000);
});
