import { ADMIN_TOKEN } from '../../helpers/server';
import { spawnServer, type ServerProcess } from '../../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../../helpers/redis';

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
