// Baseline for batched ingest: node-redis pipelining XADD of the same events straight into Redis.
import { createClient } from 'redis';

const [url, key, totalArg, batchArg] = process.argv.slice(2);
const total = Number(totalArg);
const batch = Number(batchArg);
const client = createClient({ url });
await client.connect();
let n = 0;
const json = () => JSON.stringify({ id: `x-${++n}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: 'benchmark note', severity: 'info', by: 'bench' });
const started = performance.now();
for (let sent = 0; sent < total; sent += batch) {
  const pipeline = client.multi();
  for (let i = 0; i < batch; i++) pipeline.xAdd(key!, '*', { e: json(), t: String(Date.now()) });
  await pipeline.execAsPipeline();
}
const seconds = (performance.now() - started) / 1000;
await client.del(key!);
client.destroy();
process.send?.({ eventsPerSecond: total / seconds });
process.exit(0);
