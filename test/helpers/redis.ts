import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { keysPattern } from '../../server/store/keys';

/**
 * The Redis the tests use: the one the test run started (test/setup/test-redis.ts, run by
 * Vitest's global setup, `npm run bench` and `npm run soak`), or the one TEST_REDIS_URL names.
 * There is no default: a test must never write into a Redis the run did not choose.
 */
export const TEST_REDIS_URL = testRedisUrl();

function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests with `npm test` or `npx vitest run` (their global setup starts a Redis), benchmarks with `npm run bench`, or set TEST_REDIS_URL');
  return url;
}

/** A key prefix no other test file or run shares; it carries the run's id (TEST_RUN_ID) when there is one. */
export function testPrefix(name: string): string {
  const run = process.env.TEST_RUN_ID;
  return `ioc-test:${run ? `${run}:` : ''}${name}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key of the deployment with this prefix (they start with its hash tag, `{prefix}`). */
export async function dropPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    const keys: string[] = [];
    for (const match of [keysPattern(prefix), `${prefix}*`]) for await (const batch of client.scanIterator({ MATCH: match, COUNT: 1000 })) keys.push(...batch);
    if (keys.length) await client.unlink(keys);
  } finally {
    client.destroy();
  }
}
