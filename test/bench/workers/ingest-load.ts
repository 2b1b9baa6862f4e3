// A load generator in its own process: autocannon POSTing events with unique ids.
import autocannon from 'autocannon';

const [url, token, batchArg, connectionsArg, secondsArg, tag] = process.argv.slice(2);
const batch = Number(batchArg);
let n = 0;
const event = () => ({ id: `${tag}-${++n}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: 'benchmark note', severity: 'info' });

const result = await autocannon({
  url: `${url}/api/v1/events`,
  connections: Number(connectionsArg),
  duration: Number(secondsArg),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  requests: [
    {
      method: 'POST',
      setupRequest: (req) => ({ ...req, body: JSON.stringify(batch === 1 ? event() : { events: Array.from({ length: batch }, event) }) }),
    },
  ],
});
const seconds = result.duration;
process.send?.({
  ok: result['2xx'],
  bad: result.non2xx + result.errors + result.timeouts,
  eventsPerSecond: (result['2xx'] * batch) / seconds,
  latencyP99: result.latency.p99,
});
process.exit(0);
