import { randomUUID } from 'node:crypto';
import { SYSTEM_UNIT, type TokenEvent } from '@shared/events';
import { appendEvents, type AppendDeps } from '../commands/append';

type Change = TokenEvent extends infer E ? (E extends TokenEvent ? Omit<E, 'id' | 'unit' | 'at'> : never) : never;

/**
 * Writes token changes into the event log, in one atomic append through the one write path, before
 * the change takes effect: the audit then never misses a change that happened. If the change
 * itself fails after this, the log holds an attempt the admin was told had failed (a 503) and will retry.
 */
export async function recordTokenChanges(deps: AppendDeps, by: string, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  const at = new Date(deps.clock.now()).toISOString();
  const events = changes.map((change) => ({ ...change, id: `${change.type}:${change.tokenId}:${randomUUID().slice(0, 8)}`, unit: SYSTEM_UNIT, at }) as TokenEvent);
  const outcome = await appendEvents(deps, by, events);
  // Fresh random ids cannot conflict; a conflict would be a broken store.
  if (!outcome.ok) throw new Error('a token change conflicts with a stored event');
}
