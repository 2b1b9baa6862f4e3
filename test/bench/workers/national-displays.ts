// Displays in their own process, spread round-robin over several deployments. Each records, for
// every event it receives, the time from the store's `receivedAt` to its arrival, and counts
// gaps in `seq`; nothing per event is kept, so a long replay costs no memory here.
import { io, type Socket } from 'socket.io-client';
import { WIDE_BUCKET_MS, WIDE_BUCKETS } from '../lib/national-day';
import { emptyHistogram, record } from '../lib/stats';

export type DisplaysIn = { type: 'start'; targets: { url: string; token: string }[]; count: number } | { type: 'clear' } | { type: 'report' } | { type: 'close' };
export type DisplaysOut =
  | { type: 'ready'; connected: number }
  | { type: 'cleared' }
  | { type: 'report'; histogram: number[]; events: number; gaps: number; connected: number; disconnects: number };

const sockets: Socket[] = [];
let histogram = emptyHistogram(WIDE_BUCKETS);
let events = 0;
let gaps = 0;
let disconnects = 0;

async function connectAll(targets: { url: string; token: string }[], count: number): Promise<void> {
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const target = targets[i % targets.length]!;
    const socket = io(target.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: target.token, protocol: 1 } });
    let last = 0;
    socket.on('snapshot', (m: { seq: number }) => (last = m.seq));
    socket.on('events', (m: { events: { seq: number; receivedAt: string }[] }) => {
      const now = Date.now();
      for (const e of m.events) {
        if (e.seq <= last) continue;
        if (e.seq !== last + 1) gaps += 1;
        last = e.seq;
        events += 1;
        record(histogram, Math.max(0, now - Date.parse(e.receivedAt)), WIDE_BUCKET_MS);
      }
    });
    socket.on('disconnect', () => (disconnects += 1));
    sockets.push(socket);
    pending.push(
      new Promise<void>((resolve, reject) => {
        socket.once('snapshot', () => resolve());
        socket.once('connect_error', reject);
      }),
    );
    // In waves, so no server is asked for hundreds of handshakes in one tick.
    if (i % 100 === 99) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
}

const send = (m: DisplaysOut) => process.send?.(m);

process.on('message', (raw) => {
  const message = raw as DisplaysIn;
  if (message.type === 'start') {
    connectAll(message.targets, message.count).then(
      () => send({ type: 'ready', connected: sockets.filter((s) => s.connected).length }),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  } else if (message.type === 'clear') {
    histogram = emptyHistogram(WIDE_BUCKETS);
    events = 0;
    gaps = 0;
    send({ type: 'cleared' });
  } else if (message.type === 'report') {
    send({ type: 'report', histogram, events, gaps, connected: sockets.filter((s) => s.connected).length, disconnects });
  } else {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
