import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { StateView } from '@shared/projection';
import { derivedOf } from './derived';
import { same } from './same';
import type { StateSource } from './source';

/** The source's state derived at its instant: once per change of its data and per tick while live, shared by every reader. */
export function useStateView(source: StateSource): StateView | null {
  const derived = derivedOf(source);
  return useSyncExternalStore(derived.subscribe, derived.get);
}

/**
 * What `selector` picks from the source's derived state (null before there is one). The component
 * draws again only when the pick changes by `equal` (structural by default), not on every change
 * of the state. Give a selector that is stable between renders (module level or `useCallback`).
 */
export function useSelector<T>(source: StateSource, selector: (state: StateView) => T, equal: (a: T, b: T) => boolean = same): T | null {
  const derived = derivedOf(source);
  const kept = useRef<{ state: StateView | null; selector: (state: StateView) => T; value: T | null } | null>(null);
  const pick = useCallback((): T | null => {
    const state = derived.get();
    const last = kept.current;
    if (last && last.state === state && last.selector === selector) return last.value;
    const next = state ? selector(state) : null;
    const value = last && last.value !== null && next !== null && equal(last.value, next) ? last.value : next;
    kept.current = { state, selector, value };
    return value;
  }, [derived, selector, equal]);
  return useSyncExternalStore(derived.subscribe, pick);
}

/** `value`, or the one returned before when it is structurally the same: memoized children then skip drawing. */
export function useSame<T>(value: T): T {
  const kept = useRef(value);
  if (!same(kept.current, value)) kept.current = value;
  return kept.current;
}
