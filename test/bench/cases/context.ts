import { ADMIN_TOKEN } from '../../helpers/server';
import { freePort, spawnServer, type ServerProcess } from '../../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../../helpers/redis';
import { startWorker } from '../lib/procs';
import { together } from '../lib/together';

export interface BenchContext {
  quick: boolean;
  log: (line: string) => void;
}

export { ADMIN_TOKEN };

/**
 * The environment of a product process on real Redis under `prefix`: the per-token rate limit off
 * (IOC_RATE_LIMIT 0); the unknown-token limit per address stays on (it has no setting).
 */
export function productEnv(prefix: string, extraEnv: Record<string, string> = {}): Record<string, string> {
  return { REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0', IOC_LOG_LEVEL: 'error', ...extraEnv };
}

/** The product as its own process on real Redis, under a fresh prefix, rate limit off. */
export async function startProduct(name: string, extraEnv: Record<string, string> = {}, prefix = testPrefix(`bench-${name}`)): Promise<ServerProcess & { prefix: string; cleanup(): Promise<void> }> {
  const server = await spawnServer(productEnv(prefix, extraEnv));
  return {
    ...server,
    prefix,
    async cleanup() {
      await server.stop();
      await dropPrefix(prefix);
    },
  };
}

/** A process whose heap the bench reads through its inspector port. */
export interface Inspected {
  url: string;
  pid: number;
  inspectPort: number;
  stop(): Promise<void>;
}

/**
 * The product (inspector on) and the bare Socket.IO relay that is its baseline, started together;
 * `stop` of the product also drops its prefix.
 */
export async function startWithBare(name: string): Promise<[Inspected, Inspected]> {
  const [inspectProduct, inspectBare] = [await freePort(), await freePort()];
  const product = startProduct(name, { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectProduct}` }).then((p): Inspected => ({ url: p.url, pid: p.proc.pid!, inspectPort: inspectProduct, stop: () => p.cleanup() }));
  const worker = startWorker<{ port: number }>('baselines/bare-socketio.ts', [], { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectBare}` });
  const bare = worker.next().then(
    ({ port }): Inspected => ({ url: `http://127.0.0.1:${port}`, pid: worker.proc.pid!, inspectPort: inspectBare, stop: () => worker.stop() }),
    async (err: unknown) => {
      await worker.stop();
      throw err;
    },
  );
  const stop = (p: Inspected) => p.stop();
  return together(product, stop, bare, stop);
}
