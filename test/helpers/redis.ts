import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { keysPattern } from '../../server/store/keys';

/** The Redis the tests use: the machine's own, unless TEST_REDIS_URL says otherwise. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test file or run shares. */
export function testPrefix(name: string): string {
  return `ioc-test:${name}:${randomBytes(4).toString('hex')}:`;
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
