import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
/** Inside node_modules, so that the bundles' package imports resolve as the sources' do. */
const BUNDLE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/ioc-bench/', import.meta.url));
const bundles = new Map<string, { file: string; execArgv: string[] }>();

/**
 * How to run a script. A worker (workers/: display clients, load generators) has its own files
 * bundled into one JavaScript module (once a run), the packages imported from node_modules as
 * they are, so it starts without tsx compiling and hooking every import (half a second of CPU
 * each, and the fan-out starts dozens). A baseline server (baselines/) runs under tsx as the
 * product does, so that the two servers' memory is compared like for like; so does a worker
 * whose files read their own location (import.meta).
 */
function runnable(script: string): { file: string; execArgv: string[] } {
  const underTsx = { file: `${BENCH_DIR}${script}`, execArgv: ['--import', 'tsx'] };
  if (!script.startsWith('workers/')) return underTsx;
  let found = bundles.get(script);
  if (!found) {
    const file = `${BUNDLE_DIR}${script.replace(/\.ts$/, '.mjs')}`;
    const [bundle] = buildSync({ entryPoints: [`${BENCH_DIR}${script}`], outfile: file, write: false, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' }).outputFiles;
    const code = bundle!.text;
    // Written aside and renamed: another run starting the same script never reads half a file.
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, code);
    renameSync(`${file}.${process.pid}`, file);
    found = code.includes('import.meta') ? underTsx : { file, execArgv: [] };
    bundles.set(script, found);
  }
  return found;
}

/** A worker or baseline script in its own process, talking over IPC. */
export interface Worker<Out> {
  proc: ChildProcess;
  next(): Promise<Out>;
  send(message: unknown): void;
  stop(): Promise<void>;
}

export function startWorker<Out>(script: string, args: string[], env: Record<string, string> = {}): Worker<Out> {
  const { file, execArgv } = runnable(script);
  const proc = fork(file, args, { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue: Out[] = [];
  const waiting: ((m: Out) => void)[] = [];
  proc.on('message', (m) => {
    failures.shift();
    const w = waiting.shift();
    if (w) w(m as Out);
    else queue.push(m as Out);
  });
  const failures: ((err: Error) => void)[] = [];
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', (code) => {
      for (const fail of failures.splice(0)) fail(new Error(`${script} exited with ${code}`));
      resolve();
    }),
  );
  return {
    proc,
    next: () =>
      new Promise<Out>((resolve, reject) => {
        const queued = queue.shift();
        if (queued !== undefined) return resolve(queued);
        waiting.push(resolve);
        failures.push(reject);
      }),
    send: (message) => proc.send(message as never),
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
