import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createApplication } from './app';
import { realClock } from './clock';
import { ConfigError, loadProvinceConfig, loadProvinceMap } from './config/load';
import { startDemo } from './demo/start';
import { archiveDirOf, parseEnv, readTls, redisTarget } from './env';
import { EmbeddedStore } from './store/embedded';
import { RedisStore } from './store/redis';
import { StoreOpenError, type Store } from './store/store';
import { resolveWebhookSecrets } from './webhooks/secrets';

const env = parseEnv(process.env);
if ('problems' in env) {
  console.error(`IOC Wall cannot start; fix these environment variables:\n${env.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const logger = pino({ level: env.IOC_LOG_LEVEL });
const tls = readTls(env);
if (tls && 'problems' in tls) {
  console.error(`IOC Wall cannot start; fix the HTTPS settings:\n${tls.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}

let config;
let map;
try {
  config = loadProvinceConfig(env.IOC_CONFIG);
  map = loadProvinceMap(config, env.IOC_CONFIG);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}

const redis = redisTarget(env);
const archiveDir = archiveDirOf(env);
const store: Store = redis
  ? new RedisStore({
      ...redis,
      prefix: env.IOC_REDIS_PREFIX,
      waitReplicas: env.IOC_REDIS_WAIT_REPLICAS,
      waitTimeoutMs: env.IOC_REDIS_WAIT_TIMEOUT_MS,
      archiveDir,
      onError: (err) => logger.warn({ err: err.message }, 'redis'),
      onNotice: (message) => logger.warn(message),
    })
  : new EmbeddedStore(resolve(env.IOC_DATA_DIR), { archiveDir, onNotice: (message) => logger.warn(message) });
try {
  await store.open();
} catch (err) {
  // A data folder held by another process, or a damaged log: say what to do, and change nothing.
  if (!(err instanceof StoreOpenError)) throw err;
  console.error(`IOC Wall cannot start: ${err.message}`);
  process.exit(1);
}
const webhookSecrets = resolveWebhookSecrets(config, process.env);
if ('problems' in webhookSecrets) {
  console.error(`IOC Wall cannot start; fix these webhooks of the province config:\n${webhookSecrets.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}

if (!store.ready()) logger.warn('the store is not reachable yet; retrying (writes answer 503, /readyz is 503)');

const demo = env.IOC_ADMIN_TOKEN === undefined;
const simulate = env.IOC_SIMULATE ?? demo;
const clock = simulate ? await (await import('./demo/clock')).demoClock(store, env.IOC_SIM_RATE) : realClock;
const application = createApplication({
  store,
  config,
  clock,
  logger,
  ...(env.IOC_ADMIN_TOKEN ? { adminToken: env.IOC_ADMIN_TOKEN } : {}),
  rateLimitPerSecond: env.IOC_RATE_LIMIT,
  ...(env.IOC_TRUST_PROXY ? { trustProxy: env.IOC_TRUST_PROXY } : {}),
  webhookSecrets: webhookSecrets.secrets,
  webhookSettings: { backoffMs: env.IOC_WEBHOOK_BACKOFF_MS, timeoutMs: env.IOC_WEBHOOK_TIMEOUT_MS },
  ...(env.IOC_RETAIN_DAYS ? { retainDays: env.IOC_RETAIN_DAYS } : {}),
  ...(tls ? { tls } : {}),
  ...(env.IOC_UPSTREAM_URL && env.IOC_UPSTREAM_TOKEN ? { upstream: { url: env.IOC_UPSTREAM_URL, token: env.IOC_UPSTREAM_TOKEN, everySeconds: env.IOC_UPSTREAM_EVERY } } : {}),
  staticDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
  map,
});
const port = await application.listen(env.PORT, env.HOST);
logger.info({ port, store: store.kind, simulate, https: Boolean(tls) }, 'IOC Wall is listening');

// Signals are taken from the moment the node listens: one that comes while the demo is still
// writing its history stops the node as gracefully as at every other moment.
let stopDemo = async (): Promise<void> => {};
/** How long a graceful stop may take before the node exits anyway. */
const STOP_WITHIN_MS = 20_000;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    let step = 'demo';
    // A stop that hangs must not keep a deploy waiting, nor leave a node that no longer listens
    // running: it says where it hung and exits.
    setTimeout(() => {
      logger.error({ step, afterMs: STOP_WITHIN_MS }, 'stopping did not finish: exiting anyway');
      process.exit(1);
    }, STOP_WITHIN_MS).unref();
    void (async () => {
      await stopDemo();
      await application.close((next) => (step = next));
      step = 'store';
      await store.close();
      process.exit(0);
    })();
  });
}
if (demo || simulate) {
  // Stopped while it starts, the demo's writes fail against a closed store: that is not an error.
  stopDemo = await startDemo(application, { port, host: env.HOST, https: Boolean(tls), simulate, printTokens: demo, dataDir: resolve(env.IOC_DATA_DIR) }).catch((err: unknown) => {
    if (stopping) return async () => {};
    throw err;
  });
}
