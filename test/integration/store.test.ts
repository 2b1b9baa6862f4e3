import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { describeStoreContract } from '../../server/store/store.contract';
import { EmbeddedStore } from '../../server/store/embedded';
import { redisKeys } from '../../server/store/keys';
import { LOCK_FILE } from '../../server/store/lock';
import { LOG_FILE } from '../../server/store/logfile';
import { RedisStore } from '../../server/store/redis';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';

async function deleteKeys(keys: string[]): Promise<void> {
  const client = createClient({ url: TEST_REDIS_URL });
  await client.connect();
  try {
    await client.del(keys);
  } finally {
    client.destroy();
  }
}

describeStoreContract('redis', () => {
  const prefix = testPrefix('store');
  const keys = redisKeys(prefix);
  const archiveDir = mkdtempSync(join(tmpdir(), 'ioc-archive-'));
  const make = async () => {
    const store = new RedisStore({ url: TEST_REDIS_URL, prefix, archiveDir });
    await store.open();
    return store;
  };
  return {
    create: make,
    reopen: make,
    cleanup: async () => {
      rmSync(archiveDir, { recursive: true, force: true });
      await dropPrefix(prefix);
    },
    loseMeta: () => deleteKeys([keys.meta]),
    emptyLog: () => deleteKeys([keys.meta, keys.events, keys.ids]),
    archiveDir,
  };
});

describeStoreContract('embedded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-store-'));
  const make = async () => {
    const store = new EmbeddedStore(dir);
    await store.open();
    return store;
  };
  return {
    create: make,
    reopen: make,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    // A backup that copied events.log alone: everything else in the folder is gone.
    loseMeta: async () => {
      for (const name of readdirSync(dir)) if (name !== LOG_FILE && name !== LOCK_FILE) rmSync(join(dir, name), { recursive: true, force: true });
    },
    emptyLog: async () => rmSync(join(dir, LOG_FILE)),
    archiveDir: join(dir, 'archive'),
  };
});
