import type { AuditEntry, AuditPage, AuditQuery, AuditWho } from '@shared/admin';
import { isTokenEvent, isWrite, type StoredEvent } from '@shared/events';
import type { TokenEntry } from '@shared/projection';
import { BOOTSTRAP_ADMIN_ID, BOOTSTRAP_ADMIN_LABEL, SERVER_ID } from '../auth/tokens';
import type { LogFollower } from '../log/follower';
import type { Store, TokenRecord } from '../store/store';

/** The most events one audit request looks at: a filter that matches rarely answers with `next` rather than reading the whole log. */
export const AUDIT_SCAN_LIMIT = 20_000;
const PAGE = 1_000;

export interface AuditSource {
  store: Store;
  follower: LogFollower;
}

/**
 * One page of the audit trail: the log's events in seq order (every write and every token
 * change), filtered, each with who wrote it. The latest events come from this node's memory
 * (the follower's ring); older ones from the store, a thousand at a time. Stored times only
 * grow along the log, so a time range ends the scan at its edge.
 */
export async function auditPage(src: AuditSource, query: AuditQuery & { writesOnly?: boolean }): Promise<AuditPage> {
  await src.follower.catchUp();
  const head = src.follower.seq;
  const epoch = src.follower.epoch ?? '';
  const match = matcher(query, src.follower.projection.tokens ?? {});
  const who = await resolver(src);
  const forward = query.after !== undefined;
  const from = query.from ? Date.parse(query.from) : -Infinity;
  const to = query.to ? Date.parse(query.to) : Infinity;
  const entries: AuditEntry[] = [];
  let scanned = 0;

  if (forward) {
    let cursor = Math.max(query.after ?? 0, await jumpTo(src.store, from));
    while (cursor < head && scanned < AUDIT_SCAN_LIMIT) {
      const events = await range(src, cursor + 1, Math.min(head, cursor + PAGE));
      if (!events.length) break;
      for (const e of events) {
        cursor = e.seq;
        scanned += 1;
        const t = Date.parse(e.receivedAt);
        if (t > to) return { epoch, order: 'oldest-first', entries, next: null, scanned };
        if (t >= from && match(e)) entries.push(entryOf(e, who));
        if (entries.length >= query.limit) return { epoch, order: 'oldest-first', entries, next: cursor < head ? cursor : null, scanned };
      }
    }
    return { epoch, order: 'oldest-first', entries, next: cursor < head ? cursor : null, scanned };
  }

  let cursor = Math.min(query.before ?? head + 1, head + 1);
  while (cursor > 1 && scanned < AUDIT_SCAN_LIMIT) {
    const events = await range(src, Math.max(1, cursor - PAGE), cursor - 1);
    if (!events.length) break;
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      cursor = e.seq;
      scanned += 1;
      const t = Date.parse(e.receivedAt);
      if (t < from) return { epoch, order: 'newest-first', entries, next: null, scanned };
      if (t <= to && match(e)) entries.push(entryOf(e, who));
      if (entries.length >= query.limit) return { epoch, order: 'newest-first', entries, next: cursor > 1 ? cursor : null, scanned };
    }
  }
  return { epoch, order: 'newest-first', entries, next: cursor > 1 ? cursor : null, scanned };
}

/** Events `first..last` (by seq): from memory when this node still holds them, else from the store. */
async function range(src: AuditSource, first: number, last: number): Promise<StoredEvent[]> {
  if (last < first) return [];
  if (first >= src.follower.ringStart) return (src.follower.recentAfter(first - 1) ?? []).slice(0, last - first + 1);
  const page = await src.store.read(first - 1, last - first + 1);
  return page.events;
}

/**
 * Where a forward scan for events stored at or after `from` may start: the latest snapshot taken
 * before it (stored times never go backwards along the log, so nothing before it qualifies).
 */
async function jumpTo(store: Store, from: number): Promise<number> {
  if (!Number.isFinite(from)) return 0;
  const snapshot = await store.findSnapshot({ epoch: (await store.head()).epoch, at: from - 1 });
  return snapshot?.seq ?? 0;
}

function matcher(query: AuditQuery & { writesOnly?: boolean }, tokens: Record<string, TokenEntry>): (e: StoredEvent) => boolean {
  const types = query.type ? new Set(query.type.split(',').map((t) => t.trim())) : null;
  return (e) => {
    if (types && !types.has(e.type)) return false;
    // Writes, token changes and the places of events a repair found lost; the webhooks' delivery bookkeeping is shown at the desk.
    if (!isWrite(e) && !isTokenEvent(e) && e.type !== 'log.damaged') return false;
    if (query.writesOnly && !isWrite(e)) return false;
    if (query.token !== undefined && e.by !== query.token && !(isTokenEvent(e) && e.tokenId === query.token)) return false;
    if (query.unit !== undefined && !aboutUnit(e, query.unit, tokens)) return false;
    return true;
  };
}

/** An event is about a unit when the unit wrote it, it reports on the unit, or it issues or revokes that unit's token. */
function aboutUnit(e: StoredEvent, unit: string, tokens: Record<string, TokenEntry>): boolean {
  switch (e.type) {
    case 'indicator.reported':
      return e.unit === unit || e.scope === unit;
    case 'token.issued':
      return e.tokenUnit === unit;
    case 'token.revoked':
      return tokens[e.tokenId]?.unit === unit;
    default:
      return e.unit === unit;
  }
}

/** Who a token id is: the bootstrap admin, the server, a token the log saw issued, or one the store still holds. */
async function resolver(src: AuditSource): Promise<(id: string) => AuditWho> {
  const fromLog = src.follower.projection.tokens ?? {};
  const held = new Map<string, TokenRecord>((await src.store.listTokens()).map((r) => [r.id, r]));
  return (id) => {
    if (id === BOOTSTRAP_ADMIN_ID) return { tokenId: id, label: BOOTSTRAP_ADMIN_LABEL, role: 'admin', unit: null, revoked: false };
    if (id === SERVER_ID) return { tokenId: id, label: 'the server', role: null, unit: null, revoked: false };
    const logged = fromLog[id];
    if (logged) return { tokenId: id, label: logged.label, role: logged.role, unit: logged.unit ?? null, revoked: logged.revokedAt !== undefined };
    const record = held.get(id);
    if (record) return { tokenId: id, label: record.label, role: record.role, unit: record.unit, revoked: false };
    return { tokenId: id, label: null, role: null, unit: null, revoked: true };
  };
}

function entryOf(e: StoredEvent, who: (id: string) => AuditWho): AuditEntry {
  return { seq: e.seq, receivedAt: e.receivedAt, who: who(e.by), ...(isTokenEvent(e) ? { subject: who(e.tokenId) } : {}), event: e };
}
