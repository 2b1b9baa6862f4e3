import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/**
 * `command args` run through `setpriv --pdeathsig`, where setpriv exists: the child gets
 * `signal` when the process that started it dies, even by SIGKILL, so that no server or
 * Redis outlives the test run that started it. setpriv execs the command: same pid.
 */
function diesWithParent(command: string, args: string[], signal: 'SIGTERM' | 'SIGKILL'): [string, string[]] {
  return SETPRIV ? [SETPRIV, ['--pdeathsig', signal, '--', command, ...args]] : [command, args];
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `server/index.ts` as its own process, as `npm start` does, and waits until /readyz answers 200.
 * `root` is the checkout to run: this one, or an earlier commit's (the benchmarks' previous design).
 */
export async function spawnServer(env: Record<string, string>, port?: number, root = ROOT): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const [command, args] = diesWithParent(process.execPath, ['--import', 'tsx', 'server/index.ts'], 'SIGKILL');
  const proc = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: String(p), HOST: '127.0.0.1', IOC_LOG_LEVEL: 'warn', IOC_SIMULATE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // With IOC_TLS_CERT the server speaks HTTPS only; its readiness is asked over TLS, trusting that certificate.
  const ca = env.IOC_TLS_CERT ? readFileSync(env.IOC_TLS_CERT) : null;
  const url = `${ca ? 'https' : 'http'}://127.0.0.1:${p}`;
  const ready = ca ? () => httpsStatus(`${url}/readyz`, ca) : async () => (await fetch(`${url}/readyz`)).status;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await waitFor(async () => {
      if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
      return (await ready()) === 200;
    }, 60_000, `the server on ${url}`);
  } catch (err) {
    // A server that never became ready must not outlive the test that started it.
    proc.kill('SIGKILL');
    await exited;
    throw err;
  }
  return {
    url,
    proc,
    output: () => out,
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Runs `server/index.ts` with `env` (over this process's, IOC_SIMULATE off) until it exits on its
 * own, or 45 s pass and it is killed: a start that must fail, with its exit code and output.
 */
export function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const [command, args] = diesWithParent(process.execPath, ['--import', 'tsx', 'server/index.ts'], 'SIGKILL');
    const proc = spawn(command, args, { cwd: ROOT, env: { ...process.env, IOC_SIMULATE: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 45_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The status of a GET over HTTPS that trusts `ca` (the test's self-signed certificate), whatever name the URL uses. */
export function httpsStatus(url: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsGet(url, { ca, checkServerIdentity: () => undefined }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

export interface RedisProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGKILL without waiting, for `process.on('exit')`. */
  killNow(): void;
  /** SIGKILL, waiting until it is gone. */
  kill(): Promise<void>;
}

async function pingRedis(port: number): Promise<boolean> {
  const { createClient } = await import('redis');
  const c = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
  c.on('error', () => {});
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (c.isOpen) c.destroy();
  }
}


/**
 * A Redis of the test's own on a free loopback port (or `port`), its data in `dir`. With the default
 * `aof: 'always'` every acknowledged write is on disk, so a restart keeps all of it;
 * `'everysec'` is the production setting, `'off'` keeps nothing.
 */
export async function spawnRedis(dir: string, options: { aof?: 'always' | 'everysec' | 'off'; port?: number; args?: string[] } = {}): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  let proc: ChildProcess | null = null;
  const start = async () => {
    const aof = options.aof ?? 'always';
    const persistence = aof === 'off' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', aof];
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...persistence, '--save', '', ...(options.args ?? [])];
    const [command, guarded] = diesWithParent('redis-server', args, 'SIGTERM');
    const child = spawn(command, guarded, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc = child;
    let out = '';
    const keep = (d: Buffer) => (out = (out + d.toString()).slice(-2000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let failed = false;
    child.once('error', (err) => {
      failed = true;
      out += String(err);
    });
    // A Redis that exits (e.g. the port was taken meanwhile) fails the start at once, not after the timeout.
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (failed || child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server on ${port} exited (${child.exitCode ?? child.signalCode}): ${out.trim()}`);
      if (await pingRedis(port)) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`timed out after 10000 ms waiting for redis on ${port}: ${out.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
      p.kill('SIGTERM');
      await exited;
    },
    async kill() {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
      p.kill('SIGKILL');
      await exited;
    },
    killNow() {
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
}
