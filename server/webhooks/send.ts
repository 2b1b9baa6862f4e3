import { createHmac } from 'node:crypto';
import type { Delivery } from '@shared/projection';

/** The body of a delivery: the same bytes on every attempt, so a receiver sees one notification. */
export function deliveryBody(d: Pick<Delivery, 'id' | 'event' | 'alert' | 'at'>): string {
  return JSON.stringify({ id: d.id, event: d.event, alert: d.alert, at: d.at });
}

/**
 * `X-IOC-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>`.
 * The timestamp is inside the signed text, so a receiver can refuse replays of old requests.
 */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export interface AttemptResult {
  ok: boolean;
  /** The receiver's HTTP status; absent when it did not answer (refused, reset, timed out). */
  status?: number;
  error?: string;
}

/** One POST of a delivery, given up after `timeoutMs`; 2xx is success, anything else (redirects too) a failure. */
export async function postDelivery(url: string, secret: string, delivery: Pick<Delivery, 'id' | 'event' | 'alert' | 'at'>, timeoutMs: number): Promise<AttemptResult> {
  const body = deliveryBody(delivery);
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'IOC-Wall-Webhooks/1',
        'x-ioc-delivery': delivery.id,
        'x-ioc-event': delivery.event,
        'x-ioc-signature': signature(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    // The answer's body is not read: free the connection at once.
    await res.body?.cancel().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? { ok: true, status: res.status } : { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
    const error = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${err instanceof Error ? err.message : String(err)}${cause ? `: ${cause}` : ''}`;
    return { ok: false, error: error.slice(0, 300) };
  }
}
