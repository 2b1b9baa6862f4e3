import type { Catalog } from '@shared/catalog';
import { detailsOf, type ErrorDetail } from '@shared/errors';
import { canonicalEvent, EventSchema, EventsBatchSchema, type AppendResponse, type IocEvent, type StoredEvent } from '@shared/events';
import { checkEvent } from '@shared/validate';
import { writeRefusal } from './auth/permissions';
import type { Principal } from './auth/tokens';
import type { Clock } from './clock';
import { ApiError, forbidden, invalidEvent } from './http/errors';
import type { LiveProblem } from './desk/live-checks';
import type { LogFollower } from './log/follower';
import { contentHash } from './store/hash';
import type { PendingEvent, Store } from './store/store';

export interface IngestDeps {
  store: Store;
  catalog: Catalog;
  clock: Clock;
  follower: LogFollower;
  /** Resolves once this node's displays have been sent what it just applied. */
  delivered: () => Promise<void>;
  /** Checks against the moment (an acknowledged alert is active, a steered wall connected); see desk/live-checks.ts. */
  checkLive?: (events: IocEvent[]) => Promise<LiveProblem[]>;
}

export interface IngestResult extends AppendResponse {
  stored: number;
}

/**
 * Writes one event or a batch for `principal`: parse, check against the config, authorize,
 * then one atomic append. A batch is all or nothing; every problem is reported with its path.
 */
export async function ingest(deps: IngestDeps, principal: Principal, body: unknown): Promise<IngestResult> {
  const { raw, prefix } = unwrap(body);
  // The future limit allows for producers on the real clock while the demo runs a simulated one.
  const now = Math.max(Date.now(), deps.clock.now());
  const events: IocEvent[] = [];
  const problems: ErrorDetail[] = [];
  raw.forEach((candidate, i) => {
    const path = prefix(i);
    const parsed = EventSchema.safeParse(candidate);
    if (!parsed.success) return problems.push(...detailsOf(parsed.error, path));
    const semantic = checkEvent(deps.catalog, parsed.data, now);
    if (semantic.length) return problems.push(...semantic.map((d) => ({ path: [...path, d.path].join('.'), message: d.message })));
    events.push(parsed.data);
  });
  if (problems.length) throw invalidEvent(problems);

  const refusals = events.flatMap((event, i) => {
    const refusal = writeRefusal(deps.catalog, principal, event);
    return refusal ? [{ path: [...prefix(i), refusal[0]].join('.'), message: refusal[1] }] : [];
  });
  if (refusals.length) throw forbidden(refusals.length === 1 ? `Not allowed: ${refusals[0]!.message}` : `${refusals.length} events are not allowed for this token`, refusals);
  const live = (await deps.checkLive?.(events)) ?? [];
  if (live.length) throw invalidEvent(live.map(({ index, detail }) => ({ path: [...prefix(index), detail.path].join('.'), message: detail.message })));

  const pending: PendingEvent[] = events.map((event) => ({ event, by: principal.tokenId, hash: contentHash(canonicalEvent(event)) }));
  const outcome = await deps.store.append(pending, deps.clock.now());
  if (!outcome.ok) {
    const details = outcome.conflicts.map((i) => ({ path: [...prefix(i), 'id'].join('.'), message: `"${events[i]!.id}" was stored before with other content` }));
    throw new ApiError('id_conflict', 'An event id was reused with other content; nothing was stored.', details);
  }
  const receivedAt = new Date(outcome.receivedAt).toISOString();
  const fresh: StoredEvent[] = [];
  const response: IngestResult = { accepted: [], duplicates: [], stored: 0 };
  outcome.results.forEach((r, i) => {
    (r.duplicate ? response.duplicates : response.accepted).push({ id: r.id, seq: r.seq });
    if (!r.duplicate) fresh.push({ ...events[i]!, seq: r.seq, receivedAt, by: principal.tokenId });
  });
  response.stored = fresh.length;
  deps.follower.offer(outcome.epoch, fresh);
  // The producer hears back only after this node's displays were sent the events: no display lags its own ack.
  await deps.delivered();
  return response;
}

/** A body is one event or `{ events: [...] }`; paths name `events.N` only for a batch. */
function unwrap(body: unknown): { raw: unknown[]; prefix: (i: number) => (string | number)[] } {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body) {
    const batch = EventsBatchSchema.safeParse(body);
    if (!batch.success) throw invalidEvent(detailsOf(batch.error));
    return { raw: batch.data.events, prefix: (i) => ['events', i] };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidEvent([{ path: '(body)', message: 'send one event object, or { "events": [ ... ] } with 1 to 500 events' }]);
  }
  return { raw: [body], prefix: () => [] };
}
