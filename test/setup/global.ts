/**
 * Vitest global setup (vite.config.ts): checks the system tools (installing missing ones when
 * it can, see tools.mjs) and starts the run's own Redis unless TEST_REDIS_URL names one. The
 * test workers and the servers they spawn inherit TEST_REDIS_URL from this process.
 */
import { randomBytes } from 'node:crypto';
import { PrepareError, pathWithTools, prepareTools } from './tools.mjs';
import { startTestRedis } from './test-redis';

export default async function setup(): Promise<() => Promise<void>> {
  try {
    prepareTools();
  } catch (err) {
    // One line, not a stack: the message says what to install.
    if (err instanceof PrepareError) err.stack = err.message;
    throw err;
  }
  process.env.PATH = pathWithTools();
  // Key prefixes carry the run's id, so what one run writes can be told from another's.
  process.env.TEST_RUN_ID ??= randomBytes(4).toString('hex');
  const redis = await startTestRedis({ aof: 'everysec' });
  console.log(redis.dir ? `test Redis: ${redis.url}, started for this run (data in ${redis.dir}, removed at the end)` : `test Redis: ${redis.url} (TEST_REDIS_URL)`);
  return () => redis.stop();
}
