import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

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

/** Runs `server/index.ts` as its own process, as `npm start` does, and waits until /readyz answers 200. */
export async function spawnServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(p), HOST: '127.0.0.1', IOC_LOG_LEVEL: 'warn', IOC_SIMULATE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${p}`;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    // Generous: on a loaded 2-core machine a cold `tsx` start alone can take over 10 s.
    await waitFor(async () => {
      if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
      return (await fetch(`${url}/readyz`)).status === 200;
    }, 45_000, `the server on ${url}`);
  } catch (err) {
    // A server that never got ready must not outlive the test that started it.
    if (proc.exitCode === null) proc.kill('SIGKILL');
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

export interface RedisProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A Redis of the test's own on a free port, with an append-only file in `dir`, so a restart keeps the data. */
export async function spawnRedis(dir: string): Promise<RedisProcess> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    await waitFor(async () => {
      const { createClient } = await import('redis');
      const c = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
      c.on('error', () => {});
      await c.connect();
      const ok = (await c.ping()) === 'PONG';
      c.destroy();
      return ok;
    }, 10_000, `redis on ${port}`);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
      p.kill('SIGTERM');
      await exited;
    },
  };
}
