import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { derive, type StateView } from '@shared/projection';
import { same } from './same';
import type { StateSource } from './source';

/** How often a live state is derived again with nothing new: for what depends on the clock alone (overdue at midnight, silent units). */
export const DERIVE_TICK_MS = 5_000;

/** A number that changes every `ms` (never with null). */
export function useTick(ms: number | null): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (ms === null) return;
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}

/**
 * The source's state derived at its instant: again when its data changes, and every
 * DERIVE_TICK_MS while live; never more often than the source tells of changes.
 */
export function useStateView(source: StateSource): StateView | null {
  const view = useSyncExternalStore(source.subscribe, source.getView);
  const tick = useTick(view.pinnedAt === null ? DERIVE_TICK_MS : null);
  return useMemo(
    () => (view.catalog && view.projection ? derive(view.catalog, view.projection, view.pinnedAt ?? source.now()) : null),
    // `tick` re-derives for the clock; `view` is a new object on every change of the data.
    [view, source, tick],
  );
}

/** `value`, or the one returned before when it is structurally the same: memoized children then skip drawing. */
export function useSame<T>(value: T): T {
  const kept = useRef(value);
  if (!same(kept.current, value)) kept.current = value;
  return kept.current;
}
