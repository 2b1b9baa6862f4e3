import { resolve } from 'node:path';
import { parseEnv } from '../env';
import { EmbeddedFolderReader, type LogSource } from '../store/embedded-reader';
import { EmbeddedStore } from '../store/embedded';
import { DataDirLockedError } from '../store/lock';
import { RedisStore } from '../store/redis';
import type { Store } from '../store/store';
import { CliError } from './common';

type Target = { kind: 'redis'; url: string; prefix: string } | { kind: 'embedded'; dir: string };

/** The store the server would use, chosen from the same environment (REDIS_URL, IOC_REDIS_PREFIX, IOC_DATA_DIR). */
export function storeFromEnv(): Target {
  const env = parseEnv(process.env);
  if ('problems' in env) throw new CliError(`fix these environment variables:\n${env.problems.map((p) => `  - ${p}`).join('\n')}`);
  return env.REDIS_URL ? { kind: 'redis', url: env.REDIS_URL, prefix: env.IOC_REDIS_PREFIX } : { kind: 'embedded', dir: resolve(env.IOC_DATA_DIR) };
}

export function describeTarget(target: Target): string {
  return target.kind === 'redis' ? `Redis ${target.url}, prefix ${target.prefix}` : `the embedded store in ${target.dir}`;
}

async function openRedis(target: { url: string; prefix: string }): Promise<RedisStore> {
  const store = new RedisStore({ url: target.url, prefix: target.prefix });
  await store.open();
  if (!store.ready()) {
    await store.close();
    throw new CliError(`cannot reach Redis at ${target.url}`);
  }
  return store;
}

/** The store to read, beside a running server: Redis as it is, or the embedded folder read without its lock. */
export async function openSource(target: Target): Promise<LogSource> {
  return target.kind === 'redis' ? openRedis(target) : EmbeddedFolderReader.open(target.dir);
}

/** The store to write; the embedded one takes its folder's lock, so it refuses while a server holds it. */
export async function openTarget(target: Target): Promise<Store> {
  if (target.kind === 'redis') return openRedis(target);
  const store = new EmbeddedStore(target.dir);
  try {
    await store.open();
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(`refusing to write while a server holds the folder. ${err.message}`);
    throw err;
  }
  return store;
}
