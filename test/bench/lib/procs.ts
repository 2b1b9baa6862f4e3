import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A worker or baseline script in its own process, talking over IPC. */
export interface Worker<Out> {
  proc: ChildProcess;
  next(): Promise<Out>;
  send(message: unknown): void;
  stop(): Promise<void>;
}

export function startWorker<Out>(script: string, args: string[], env: Record<string, string> = {}): Worker<Out> {
  const proc = fork(`${BENCH_DIR}${script}`, args, { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
