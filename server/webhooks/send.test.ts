import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/process';
import { verifyIocSignature } from '../../test/helpers/webhook-receiver';
import { deliveryBody, postDelivery, signature } from './send';

const delivery = { id: 'd-1', event: 'alert.fired' as const, alert: { id: 'overdue:t03', kind: 'overdue' as const, subject: 't03', since: '2024-03-18T17:00:00.000Z', name: 'T3' }, at: '2024-03-18T17:00:00.000Z' };
const SECRET = 'a-secret-of-sixteen-or-more';
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A receiver answering every request with `status` after `delayMs`, recording what it got. */
async function receiver(status: number, delayMs = 0, headers: Record<string, string> = {}) {
  const got: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      setTimeout(() => res.writeHead(status, headers).end(), delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`, got };
}

describe('sending one attempt', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, as a receiver checks it, and says which delivery it is', async () => {
    const r = await receiver(204);
    expect(await postDelivery(r.url, SECRET, delivery, 2_000)).toEqual({ ok: true, status: 204 });
    const [request] = r.got;
    expect(request!.body).toBe(deliveryBody(delivery));
    expect(request!.headers['x-ioc-delivery']).toBe('d-1');
    expect(request!.headers['x-ioc-event']).toBe('alert.fired');
    expect(verifyIocSignature(SECRET, request!.body, String(request!.headers['x-ioc-signature']))).toBe(true);
    expect(signature(SECRET, 'body', 1_700_000_000)).toBe(`t=1700000000,v1=${createHmac('sha256', SECRET).update('1700000000.body').digest('hex')}`);
    // A signature from long ago is refused: a captured request cannot be replayed.
    expect(verifyIocSignature(SECRET, 'body', signature(SECRET, 'body', 1_700_000_000))).toBe(false);
  });

  it('counts a 500, a redirect, a receiver that is down and one that does not answer in time as failures', async () => {
    expect(await postDelivery((await receiver(500)).url, SECRET, delivery, 2_000)).toEqual({ ok: false, status: 500, error: 'HTTP 500' });
    expect(await postDelivery((await receiver(302, 0, { location: 'http://example.org/' })).url, SECRET, delivery, 2_000)).toMatchObject({ ok: false, status: 302 });
    const down = await postDelivery(`http://127.0.0.1:${await freePort()}/hook`, SECRET, delivery, 2_000);
    expect(down).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(down.status).toBeUndefined();
    const started = Date.now();
    expect(await postDelivery((await receiver(200, 5_000)).url, SECRET, delivery, 300)).toEqual({ ok: false, error: 'no answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
