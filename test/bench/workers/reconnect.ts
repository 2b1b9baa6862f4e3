// Displays in their own process, each with its own viewer token, connecting all at once when told
// (a room of walls coming back after a node restart), as the wall's client does: protocol 1 and
// `encoded`, so the snapshot arrives as one binary attachment. Each records when its snapshot
// arrived (a clock shared by the processes of this machine) and its size; nothing is decoded
// beyond what Socket.IO does, so the process's CPU is the transport's, not the wall's rendering.
import { io, type Socket } from 'socket.io-client';
import { wallNow } from '../lib/stats';

export type ReconnectIn = { type: 'connect'; url: string } | { type: 'drop' } | { type: 'close' };
export type ReconnectOut = { type: 'held'; at: number[]; bytes: number; errors: string[] } | { type: 'dropped' };

const tokens = process.argv.slice(2);
let sockets: Socket[] = [];

function byteLength(state: unknown): number {
  if (state instanceof ArrayBuffer) return state.byteLength;
  if (ArrayBuffer.isView(state)) return state.byteLength;
  return Buffer.byteLength(JSON.stringify(state));
}

/** How long a display may take to hold its snapshot before it counts as failed. */
const GIVE_UP_MS = 60_000;

/** Every display connects in the same tick; resolves once each holds a snapshot or failed. */
function connectAll(url: string): Promise<ReconnectOut> {
  const at: number[] = [];
  const errors: string[] = [];
  let bytes = 0;
  for (const s of sockets) s.close();
  return new Promise((resolve) => {
    let left = tokens.length;
    const finish = () => {
      clearTimeout(timer);
      resolve({ type: 'held', at, bytes, errors });
    };
    const timer = setTimeout(() => {
      for (let i = 0; i < left; i++) errors.push(`no snapshot within ${GIVE_UP_MS} ms`);
      left = 0;
      finish();
    }, GIVE_UP_MS);
    sockets = tokens.map((token) => {
      let settled = false;
      const settle = (error?: string) => {
        if (settled || left === 0) return;
        settled = true;
        if (error) errors.push(error);
        else at.push(wallNow());
        left -= 1;
        if (left === 0) finish();
      };
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: GIVE_UP_MS, auth: { token, protocol: 1, encoded: true } });
      socket.once('snapshot.encoded', (m: { state: unknown }) => {
        bytes = byteLength(m.state);
        settle();
      });
      socket.once('connect_error', (err) => settle(`connect_error: ${err.message}`));
      // The server may cut a display off before its snapshot is through (e.g. as a slow consumer).
      socket.once('disconnect', (reason) => settle(`disconnected before its snapshot: ${reason}`));
      return socket;
    });
  });
}

process.on('message', (raw) => {
  const message = raw as ReconnectIn;
  if (message.type === 'connect') void connectAll(message.url).then((m) => process.send?.(m));
  else if (message.type === 'drop') {
    for (const s of sockets) s.close();
    sockets = [];
    process.send?.({ type: 'dropped' } satisfies ReconnectOut);
  } else {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
