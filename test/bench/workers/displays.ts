// Displays in their own process: N WebSocket connections speaking Socket.IO's wire protocol
// (Engine.IO 4) directly, so the clients cost the shared cores as little as a display can: the
// server under test is the same Socket.IO server that real walls meet. They record when each seq
// arrives and, given the writer's acknowledgement times, report a latency histogram.
import WebSocket from 'ws';
import { emptyHistogram, record, wallNow } from '../lib/stats';

const [url, token, countArg] = process.argv.slice(2);
const count = Number(countArg);
const sockets: WebSocket[] = [];
const arrivals: Map<number, number>[] = [];
const endpoint = `${url!.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
/** Socket.IO's connect packet for the main namespace, with the handshake's auth: snapshots encoded once for every display, as walls ask. */
const CONNECT = `40${JSON.stringify({ token, protocol: 1, encoded: true })}`;

/** A snapshot's first bytes: encoded (its bytes follow as a binary frame) from the product, plain from the bare relay. */
const SNAPSHOT_HEADS = ['451-["snapshot.encoded"', '42["snapshot"'];

/** One display: resolves once it holds a snapshot; rejects on a refused connection. */
function connect(arrived: Map<number, number>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(endpoint, { perMessageDeflate: false });
    ws.on('message', (data: Buffer, binary: boolean) => {
      // Only an event batch is read whole; of the rest (the snapshot's bytes above all) only the head.
      if (binary) return;
      const head = data.toString('latin1', 0, 24);
      if (head === '2') return ws.send('3'); // Engine.IO ping, answered at once
      if (head.startsWith('0')) return ws.send(CONNECT); // Engine.IO open: join the namespace
      if (head.startsWith('44')) return reject(new Error(`connect_error ${data.toString()}`));
      if (head.startsWith('42["events"')) {
        const now = wallNow();
        const [, m] = JSON.parse(data.toString().slice(2)) as [string, { events: { seq: number }[] }];
        for (const e of m.events) if (!arrived.has(e.seq)) arrived.set(e.seq, now);
      } else if (SNAPSHOT_HEADS.some((h) => head.startsWith(h))) resolve(ws);
    });
    ws.on('error', reject);
    // Closed before its snapshot (a settled promise ignores this): the run fails instead of waiting.
    ws.once('close', () => reject(new Error('closed before its snapshot')));
  });
}

async function connectAll(): Promise<void> {
  // In waves, so the server is not asked for thousands of handshakes in one tick.
  for (let i = 0; i < count; i += 100) {
    const wave = Array.from({ length: Math.min(100, count - i) }, () => {
      const arrived = new Map<number, number>();
      arrivals.push(arrived);
      return connect(arrived);
    });
    sockets.push(...(await Promise.all(wave)));
  }
}

process.on('message', (raw) => {
  const message = raw as { type: 'report'; acks: [number, number][] } | { type: 'clear' } | { type: 'close' };
  if (message.type === 'clear') {
    for (const a of arrivals) a.clear();
    process.send?.({ type: 'cleared' });
  } else if (message.type === 'report') {
    const h = emptyHistogram();
    let missing = 0;
    for (const a of arrivals)
      for (const [seq, ackedAt] of message.acks) {
        const at = a.get(seq);
        if (at === undefined) missing += 1;
        else record(h, Math.max(0, at - ackedAt));
      }
    process.send?.({ type: 'report', histogram: h, missing });
  } else {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});

connectAll().then(
  () => process.send?.({ type: 'ready', connected: sockets.filter((s) => s.readyState === WebSocket.OPEN).length }),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
