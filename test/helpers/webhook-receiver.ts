import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** The README's verification example, as a receiver would write it. */
export function verifyIocSignature(secret: string, body: string, header: string | undefined, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface Received {
  delivery: string;
  event: string;
  body: string;
  signature: string;
  /** When the request arrived (ms). */
  at: number;
  /** The status the receiver chose; null while it has not answered. */
  status: number | null;
  /** True once the answer was written to a connection still open: the sender could read it. */
  answered: boolean;
}

/** How to answer the n-th request (1-based) for a delivery: a status, after an optional delay. */
export type Behaviour = (delivery: string, n: number) => { status: number; delayMs?: number };

/** A webhook receiver of the test's own on a loopback port, recording every request. */
export async function startReceiver(behaviour: Behaviour): Promise<{ url: string; received: Received[]; for(delivery: string): Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const delivery = String(req.headers['x-ioc-delivery'] ?? '');
      const entry: Received = { delivery, event: String(req.headers['x-ioc-event'] ?? ''), body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-ioc-signature'] ?? ''), at: Date.now(), status: null, answered: false };
      received.push(entry);
      const { status, delayMs = 0 } = behaviour(delivery, received.filter((r) => r.delivery === delivery).length);
      setTimeout(() => {
        entry.status = status;
        if (res.destroyed || req.socket.destroyed) return;
        res.on('finish', () => (entry.answered = true));
        res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/ioc`,
    received,
    for: (delivery) => received.filter((r) => r.delivery === delivery),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
