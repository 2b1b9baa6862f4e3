import { ADMIN_TOKEN } from '../../helpers/server';
import { spawnServer, type ServerProcess } from '../../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../../helpers/redis';

export interface BenchContext {
  quick: boolean;
  log: (line: string) => void;
}

export { ADMIN_TOKEN };

/** The product as its own process on real Redis, under a fresh prefix, rate limit off. */
export async function startProduct(name: string, extraEnv: Record<string, string> = {}, prefix = testPrefix(`bench-${name}`)): Promise<ServerProcess & { prefix: string; cleanup(): Promise<void> }> {
  const server = await spawnServer({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0', IOC_LOG_LEVEL: 'error', ...extraEnv });
  return {
    ...server,
    prefix,
    async cleanup() {
      await server.stop();
      await dropPrefix(prefix);
    },
  };
}
