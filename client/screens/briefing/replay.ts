import type { Catalog } from '@shared/catalog';
import type { ReadEvent } from '@shared/events';
import { apply, type Projection } from '@shared/projection';

/** Replay speeds offered: a day in 24 minutes, or in 2.4 minutes. */
export const REPLAY_SPEEDS = [60, 600] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
/** Events fetched ahead of the replay's clock; a page is asked for when fewer are left. */
export const REPLAY_BUFFER = 2_000;
/** How often the replay draws a new frame (real ms). */
export const REPLAY_FRAME_MS = 250;

/**
 * Applies to `projection` (in place) the buffered events received at or before `until` (ms),
 * strictly in seq order; returns how many it used from the front of `buffer`.
 */
export function applyUntil(catalog: Catalog, projection: Projection, buffer: readonly ReadEvent[], until: number): number {
  let used = 0;
  for (const event of buffer) {
    if (Date.parse(event.receivedAt) > until) break;
    used += 1;
    if (event.seq <= projection.seq) continue;
    if (event.seq !== projection.seq + 1) throw new Error(`replay: event ${event.seq} does not follow ${projection.seq}`);
    apply(catalog, projection, event);
  }
  return used;
}

/**
 * The replay clock: the day's start plus real time elapsed times the speed, never past the day's
 * end nor past `now` (the present, ms): a replay of today catches up with the present and stops
 * there, for nothing later is known (and `GET /api/v1/state?at=` refuses a future instant).
 */
export function replayInstant(dayStart: number, dayEnd: number, startedReal: number, nowReal: number, speed: number, now: number): number {
  return Math.min(replayEnd(dayEnd, now), dayStart + (nowReal - startedReal) * speed);
}

/** Where a replay's clock stops: the day's end, or the present while the day is not over. */
export function replayEnd(dayEnd: number, now: number): number {
  return Math.min(dayEnd, now);
}
