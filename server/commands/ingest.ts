import type { Catalog } from '@shared/catalog';
import { detailsOf, forbidden, idConflict, invalidEvent, type ErrorDetail } from '@shared/errors';
import { EventSchema, EventsBatchSchema, isSystemType, MAX_BATCH, type AppendResponse, type IocEvent, type StoredEvent } from '@shared/events';
import { problemAt } from '@shared/problems';
import { checkEvents } from '@shared/validate';
import { writeRefusal } from '../auth/permissions';
import type { Principal } from '../auth/tokens';
import type { LiveProblem } from '../desk/live-checks';
import { appendEvents, type AppendDeps } from './append';

export interface IngestDeps extends AppendDeps {
  catalog: Catalog;
  /** Checks against the moment (an acknowledged alert is active, a steered wall connected); see desk/live-checks.ts. */
  checkLive?: (events: IocEvent[]) => Promise<LiveProblem[]>;
}

export interface IngestResult extends AppendResponse {
  epoch: string;
  /** The events stored by this call (duplicates excluded), as they are in the log. */
  stored: StoredEvent[];
}

/** Events to write, each still to be parsed: an array (a batch), or a producer's body, one event or `{ events: [...] }`. */
export type IngestInput = readonly unknown[] | unknown;

/**
 * Writes events for `principal`: parse, check against the config, authorize, then one atomic
 * append (commands/append.ts). All or nothing; every problem is reported with its path (`events.N.field` for a batch,
 * `field` for a single event). Throws `AppError`s; knows nothing of HTTP or sockets, and does not
 * wait for the events to reach displays (the caller decides whether to, see `Fanout.delivered`).
 */
export async function ingest(deps: IngestDeps, principal: Principal, input: IngestInput): Promise<IngestResult> {
  const { raw, prefix } = unwrap(input);
  // The future limit allows for producers on the real clock while the demo runs a simulated one.
  const now = Math.max(Date.now(), deps.clock.now());
  const events: IocEvent[] = [];
  /** The index in `raw` of each parsed event. */
  const indices: number[] = [];
  const problems: ErrorDetail[] = [];
  raw.forEach((candidate, i) => {
    const path = prefix(i);
    // Token changes are written by the server itself (the audit trail); a producer may not forge them.
    const type = typeof candidate === 'object' && candidate !== null ? (candidate as { type?: unknown }).type : undefined;
    if (isSystemType(type)) return problems.push(problemAt([...path, 'type'].join('.'), 'server_only', { type: String(type) }));
    const parsed = EventSchema.safeParse(candidate);
    if (!parsed.success) return problems.push(...detailsOf(parsed.error, path));
    events.push(parsed.data);
    indices.push(i);
  });
  // The config's rules, event by event and across the batch: one function, the same the CSV import and the console run.
  for (const { index, detail } of checkEvents(deps.catalog, events, now)) problems.push(placed(prefix(indices[index]!), detail));
  if (problems.length) throw invalidEvent(problems);

  const refusals = events.flatMap((event, i) => {
    const refusal = writeRefusal(deps.catalog, principal, event);
    return refusal ? [placed(prefix(i), refusal)] : [];
  });
  if (refusals.length) throw forbidden(refusals.length === 1 ? `Not allowed: ${refusals[0]!.message}` : `${refusals.length} events are not allowed for this token`, refusals);
  const live = (await deps.checkLive?.(events)) ?? [];
  if (live.length) throw invalidEvent(live.map(({ index, detail }) => placed(prefix(index), detail)));

  const outcome = await appendEvents(deps, principal.tokenId, events);
  if (!outcome.ok) throw idConflict(outcome.conflicts.map((i) => problemAt([...prefix(i), 'id'].join('.'), 'id_reused', { id: events[i]!.id })));
  const result: IngestResult = { epoch: outcome.epoch, accepted: [], duplicates: [], stored: outcome.stored };
  for (const r of outcome.results) (r.duplicate ? result.duplicates : result.accepted).push({ id: r.id, seq: r.seq });
  return result;
}

/** A detail of one event placed in the request (`events.3.value`), its code and parameters kept. */
function placed(prefix: (string | number)[], detail: ErrorDetail): ErrorDetail {
  return { ...detail, path: [...prefix, detail.path].join('.') };
}

/** An array or `{ events: [...] }` is a batch whose paths name `events.N`; anything else must be one event. */
function unwrap(input: IngestInput): { raw: unknown[]; prefix: (i: number) => (string | number)[] } {
  const batch = Array.isArray(input) ? { events: input } : input;
  if (typeof batch === 'object' && batch !== null && 'events' in batch) {
    const parsed = EventsBatchSchema.safeParse(batch);
    if (!parsed.success) throw invalidEvent(detailsOf(parsed.error));
    return { raw: parsed.data.events, prefix: (i) => ['events', i] };
  }
  if (typeof input !== 'object' || input === null) {
    throw invalidEvent([problemAt('(body)', 'one_event_or_batch', { max: MAX_BATCH })]);
  }
  return { raw: [input], prefix: () => [] };
}
