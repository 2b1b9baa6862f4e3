import type { Role } from '@shared/api';
import type { ReadEvent, StoredEvent, SystemEventType } from '@shared/events';
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

/** Whether `audience` reads events of this type in full. */
export function readsInFull(audience: Audience, type: string): boolean {
  if (type.startsWith('token.')) return audience === 'admin';
  if (type.startsWith('webhook.')) return audience !== 'public';
  return true;
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
