import type { Role } from '@shared/api';
import { isSystemType, type ReadEvent, type StoredEvent, type SystemEventType } from '@shared/events';
import type { Projection } from '@shared/projection';
import { createLedger } from '@shared/projection/webhooks';

/**
 * What a reader may see of the operators' data (CONTRACT wave 3): `admin` everything;
 * `operator` the webhook ledger too (the desk shows it), not token changes; `public` (unit and
 * viewer tokens, the walls) neither.
 */
export type Audience = 'admin' | 'operator' | 'public';

export function audienceOf(role: Role): Audience {
  return role === 'admin' ? 'admin' : role === 'operator' ? 'operator' : 'public';
}

/**
 * The widest audience that reads each of the server's own event types in full (every audience
 * reads producers' events): one entry per type of `SYSTEM_EVENT_SCHEMAS`, so a new type is a type
 * error here until someone decides who may read it.
 */
const SYSTEM_READERS: { [T in SystemEventType]: Audience } = {
  'token.issued': 'admin',
  'token.revoked': 'admin',
  'webhook.queued': 'operator',
  'webhook.attempted': 'operator',
  'webhook.result': 'operator',
  'log.damaged': 'public',
};
/** Each audience and those it includes. */
const INCLUDES: Record<Audience, readonly Audience[]> = { admin: ['admin'], operator: ['admin', 'operator'], public: ['admin', 'operator', 'public'] };

/** Whether `audience` reads events of this type in full. */
export function readsInFull(audience: Audience, type: string): boolean {
  return !isSystemType(type) || INCLUDES[SYSTEM_READERS[type]].includes(audience);
}

/** The event as `audience` gets it: in full, or its place in the log only. */
export function redact(audience: Audience, event: StoredEvent): ReadEvent {
  if (readsInFull(audience, event.type)) return event;
  return { seq: event.seq, type: event.type as SystemEventType, at: event.at, receivedAt: event.receivedAt };
}

/** The events as `audience` gets them; the same array when nothing in it is hidden (the common case). */
export function redactAll(audience: Audience, events: StoredEvent[]): ReadEvent[] {
  return events.every((e) => readsInFull(audience, e.type)) ? events : events.map((e) => redact(audience, e));
}

/**
 * The projection `audience` may be shown (derive it for a snapshot or GET /state): without the
 * webhook ledger for the public; token details are for no screen (derive drops them). Pure and
 * keyed by audience alone, so a snapshot cache can key on (seq, audience).
 */
export function stateFor(audience: Audience, projection: Projection): Projection {
  if (audience === 'admin') return projection;
  const { tokens: _tokens, ...shown } = projection;
  return audience === 'public' ? { ...shown, webhooks: createLedger() } : shown;
}
