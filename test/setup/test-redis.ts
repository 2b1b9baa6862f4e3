import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnRedis, type RedisProcess } from '../helpers/process';

export interface TestRedis {
  url: string;
  /** The data folder of a Redis started here; null when TEST_REDIS_URL named one. */
  dir: string | null;
  stop(): Promise<void>;
}

/**
 * The Redis a test run uses: the one TEST_REDIS_URL names, or else a redis-server of the run's
 * own on a free loopback port with its data in a temporary folder, stopped and removed by
 * `stop()`, or when this process exits (Ctrl-C included). Sets TEST_REDIS_URL for the
 * processes started after it. Never falls back to a Redis it did not start.
 */
export async function startTestRedis(options: { aof: 'everysec' | 'off' }): Promise<TestRedis> {
  const given = process.env.TEST_REDIS_URL;
  if (given) return { url: given, dir: null, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'ioc-test-redis-'));
  let redis: RedisProcess | undefined;
  // The free port can be taken between finding it and redis-server binding it: try another.
  for (let attempt = 1; !redis; attempt++) {
    try {
      redis = await spawnRedis(dir, { aof: options.aof });
    } catch (err) {
      if (attempt === 3) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  const started = redis;
  const onExit = () => {
    started.killNow();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  process.env.TEST_REDIS_URL = started.url;
  return {
    url: started.url,
    dir,
    async stop() {
      process.off('exit', onExit);
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
