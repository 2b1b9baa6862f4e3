import type { QueuedEvent } from './ledger';
import type { UpstreamShape } from './values';

/** An upstream that has not answered by then has failed this attempt. */
const TIMEOUT_MS = 15_000;

export type Delivery =
  | { kind: 'delivered' }
  /** The upstream refused these events of the batch for what they say (400, 409): resending them cannot help. */
  | { kind: 'refused'; indexes: number[]; reason: string; code: string }
  /** Unreachable, overloaded, or not authorized (yet): try again later. */
  | { kind: 'failed'; reason: string; retryAfterMs?: number };

interface Target {
  url: string;
  token: string;
}

function call(target: Target, path: string, body?: unknown): Promise<Response> {
  return fetch(new URL(path, target.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}

interface ConfigBody {
  indicators: { id: string; kind: string }[];
  items: { id: string; lead: string }[];
}

/** Which unit the token reports as at the upstream, which counters and gauges it knows, and which items that unit leads there. */
export async function readShape(target: Target): Promise<UpstreamShape> {
  const me = await call(target, '/api/v1/me');
  if (me.status !== 200) throw new Error(`upstream /api/v1/me answered ${me.status}`);
  const { unit } = (await me.json()) as { unit?: string };
  if (!unit) throw new Error('the upstream token is not a unit token');
  const res = await call(target, '/api/v1/config');
  if (res.status !== 200) throw new Error(`upstream /api/v1/config answered ${res.status}`);
  const config = (await res.json()) as ConfigBody;
  const indicators: UpstreamShape['indicators'] = {};
  for (const i of config.indicators) if (i.kind === 'counter' || i.kind === 'gauge') indicators[i.id] = i.kind;
  return { unit, indicators, items: config.items.filter((i) => i.lead === unit).map((i) => i.id) };
}

/** POSTs one batch as the upstream unit; what became of it. */
export async function deliver(target: Target, unit: string | undefined, batch: QueuedEvent[]): Promise<Delivery> {
  if (!unit) return { kind: 'failed', reason: 'the upstream has not been reached yet' };
  let res: Response;
  try {
    res = await call(target, '/api/v1/events', { events: batch.map((e) => ({ ...e, unit })) });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    return { kind: 'failed', reason: `unreachable: ${cause}` };
  }
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: { path: string }[] } } | null;
  if (res.status === 202) return { kind: 'delivered' };
  const reason = `${res.status} ${body?.error?.code ?? ''}: ${body?.error?.message ?? ''}`.trim();
  if (res.status === 400 || res.status === 409) {
    const indexes = [...new Set((body?.error?.details ?? []).map((d) => /^events\.(\d+)/.exec(d.path)?.[1]).filter((i) => i !== undefined).map(Number))];
    // A refusal that names no event is about the request itself: not the events' fault, so kept and retried.
    if (indexes.length) return { kind: 'refused', indexes, reason, code: body?.error?.code ?? '' };
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  return { kind: 'failed', reason, ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1_000 } : {}) };
}
