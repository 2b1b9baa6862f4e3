import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from '../../server/store/store.contract';
import { EmbeddedStore } from '../../server/store/embedded';
import { RedisStore } from '../../server/store/redis';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';

describeStoreContract('redis', () => {
  const prefix = testPrefix('store');
  const make = async () => {
    const store = new RedisStore({ url: TEST_REDIS_URL, prefix });
    await store.open();
    return store;
  };
  return { create: make, reopen: make, cleanup: () => dropPrefix(prefix) };
});

describeStoreContract('embedded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-store-'));
  const make = async () => {
    const store = new EmbeddedStore(dir);
    await store.open();
    return store;
  };
  return { create: make, reopen: make, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
