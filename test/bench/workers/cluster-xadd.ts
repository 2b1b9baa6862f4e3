// Baseline for the national replay: the same number of events, shaped like stored ones, XADDed
// straight into one stream per deployment (under each deployment's hash tag) on the cluster,
// pipelined 100 at a time. What the cluster takes with no dedupe, no seq, no HTTP, no node.
import { createCluster } from 'redis';

const [seedsArg, tagsArg, totalArg] = process.argv.slice(2);
const tags = tagsArg!.split(',');
const total = Number(totalArg);
const BATCH = 100;
const cluster = createCluster({ rootNodes: seedsArg!.split(',').map((url) => ({ url })) });
await cluster.connect();
const keys = tags.map((tag) => `${tag}bench:xadd`);
let n = 0;
const json = () =>
  JSON.stringify({
    id: `x-${++n}-final-on`,
    type: 'indicator.reported',
    unit: 'nghe-an-c001',
    indicator: 'dossiers_online',
    value: 42,
    period: '2025-11-28',
    at: new Date().toISOString(),
    seq: n,
    receivedAt: new Date().toISOString(),
    by: 'tok_0123456789abcdef',
  });

const started = performance.now();
const perKey = Math.ceil(total / keys.length);
// One pipeline per key at a time, all keys at once: every shard busy, as in the replay.
await Promise.all(
  keys.map(async (key) => {
    for (let sent = 0; sent < perKey; sent += BATCH) {
      const pipeline = cluster.multi();
      for (let i = 0; i < Math.min(BATCH, perKey - sent); i++) pipeline.xAdd(key, '*', { e: json() });
      await pipeline.execAsPipeline();
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
let bytes = 0;
for (const key of keys) bytes += Number(await cluster.sendCommand(key, true, ['MEMORY', 'USAGE', key, 'SAMPLES', '0']));
await Promise.all(keys.map((key) => cluster.del(key)));
cluster.destroy();
process.send?.({ eventsPerSecond: (perKey * keys.length) / seconds, bytesPerEvent: bytes / (perKey * keys.length) });
process.exit(0);
