// Displays in their own process: N socket.io clients; they record when each seq arrives and,
// given the writer's acknowledgement times, report a latency histogram.
import { io, type Socket } from 'socket.io-client';
import { emptyHistogram, record, wallNow } from '../lib/stats';

const [url, token, countArg] = process.argv.slice(2);
const count = Number(countArg);
const sockets: Socket[] = [];
const arrivals: Map<number, number>[] = [];

async function connectAll(): Promise<void> {
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const arrived = new Map<number, number>();
    arrivals.push(arrived);
    const socket = io(url!, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token, protocol: 1 } });
    socket.on('events', (m: { events: { seq: number }[] }) => {
      const now = wallNow();
      for (const e of m.events) if (!arrived.has(e.seq)) arrived.set(e.seq, now);
    });
    sockets.push(socket);
    pending.push(
      new Promise<void>((resolve, reject) => {
        socket.once('snapshot', () => resolve());
        socket.once('connect_error', reject);
      }),
    );
    // Connect in waves so the server is not asked for thousands of handshakes in one tick.
    if (i % 100 === 99) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
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
  () => process.send?.({ type: 'ready', connected: sockets.filter((s) => s.connected).length }),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
