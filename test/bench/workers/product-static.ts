// The product as server/index.ts wires it (Redis store, demo config, rate limit off), serving
// the web app from the directory given: the wall-cost case serves an earlier build of the client beside this one's.
import { pino } from 'pino';
import { createApplication } from '../../../server/app';
import { loadProvinceConfig } from '../../../server/config/load';
import { RedisStore } from '../../../server/store/redis';

const [staticDir, redisUrl, prefix, adminToken] = process.argv.slice(2) as [string, string, string, string];
const store = new RedisStore({ url: redisUrl, prefix });
await store.open();
const app = createApplication({ store, config: loadProvinceConfig(), adminToken, logger: pino({ level: 'error' }), rateLimitPerSecond: 0, staticDir });
const port = await app.listen(0, '127.0.0.1');
await app.follower.whenLoaded();
process.send?.({ port });
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
