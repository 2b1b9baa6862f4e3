import { resolve } from 'node:path';
import { archiveDirOf, parseEnv, redisTarget } from '../env';
import { EmbeddedFolderReader, type LogSource } from '../store/embedded-reader';
import { EmbeddedStore } from '../store/embedded';
import { DataDirLockedError } from '../store/lock';
import { RedisStore } from '../store/redis';
import type { Store } from '../store/store';
import { CliError } from './common';

type RedisTarget = ({ url: string } | { cluster: string[] }) & { prefix: string; archiveDir: string };
type Target = ({ kind: 'redis' } & RedisTarget) | { kind: 'embedded'; dir: string; archiveDir: string };

/** The store the server would use, chosen from the same environment (REDIS_URL, IOC_REDIS_PREFIX, IOC_DATA_DIR, IOC_ARCHIVE_DIR). */
export function storeFromEnv(): Target {
  const env = parseEnv(process.env);
  if ('problems' in env) throw new CliError(`fix these environment variables:\n${env.problems.map((p) => `  - ${p}`).join('\n')}`);
  const redis = redisTarget(env);
  const archiveDir = archiveDirOf(env);
  return redis ? { kind: 'redis', ...redis, prefix: env.IOC_REDIS_PREFIX, archiveDir } : { kind: 'embedded', dir: resolve(env.IOC_DATA_DIR), archiveDir };
}

export function describeTarget(target: Target): string {
  if (target.kind === 'embedded') return `the embedded store in ${target.dir}`;
  return `${'url' in target ? `Redis ${target.url}` : `the Redis Cluster ${target.cluster.join(',')}`}, prefix ${target.prefix}`;
}

async function openRedis(target: { kind: 'redis' } & RedisTarget): Promise<RedisStore> {
  const { kind: _kind, ...options } = target;
  const store = new RedisStore(options);
  await store.open();
  if (!store.ready()) {
    await store.close();
    throw new CliError(`cannot reach ${'url' in target ? `Redis at ${target.url}` : `the Redis Cluster at ${target.cluster.join(',')}`}`);
  }
  return store;
}

/** The store to read, beside a running server: Redis as it is, or the embedded folder read without its lock. */
export async function openSource(target: Target): Promise<LogSource> {
  return target.kind === 'redis' ? openRedis(target) : EmbeddedFolderReader.open(target.dir, target.archiveDir);
}

/** The store to write; the embedded one takes its folder's lock, so it refuses while a server holds it. */
export async function openTarget(target: Target): Promise<Store> {
  if (target.kind === 'redis') return openRedis(target);
  const store = new EmbeddedStore(target.dir, { archiveDir: target.archiveDir });
  try {
    await store.open();
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(`refusing to write while a server holds the folder. ${err.message}`);
    throw err;
  }
  return store;
}
