/**
 * `tsx test/setup/with-redis.ts <script.ts> [args…]`: runs a script that uses the test Redis
 * (benchmarks, soak) after checking the system tools and starting a Redis of its own, without
 * persistence as the benchmark figures were measured (TEST_REDIS_URL to use another). The
 * Redis stops when the script ends or the process exits.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrepareError, pathWithTools, prepareTools } from './tools.mjs';
import { startTestRedis } from './test-redis';

const script = process.argv[2];
if (!script) {
  console.error('usage: tsx test/setup/with-redis.ts <script.ts> [args…]');
  process.exit(2);
}
try {
  prepareTools();
} catch (err) {
  if (!(err instanceof PrepareError)) throw err;
  console.error(err.message);
  process.exit(1);
}
process.env.PATH = pathWithTools();
const redis = await startTestRedis({ aof: 'off' });
// The script sees its own path and arguments where it would without this wrapper.
process.argv.splice(1, 2, resolve(script));
try {
  await import(pathToFileURL(resolve(script)).href);
} finally {
  await redis.stop();
}
