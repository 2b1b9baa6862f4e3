import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { derive, type StateView } from '@shared/projection';
import type { LiveClient, LiveView } from './LiveClient';

/** The live view, redrawn on every change. */
export function useLiveView(client: LiveClient): LiveView {
  return useSyncExternalStore(client.subscribe, client.getView);
}

/** A tick every `ms`, for what depends on the clock alone (ages, overdue at midnight). */
export function useTick(ms: number): number {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}

/** The derived state at the server's clock, recomputed on changes and every few seconds. */
export function useDerived(client: LiveClient, view: LiveView): StateView | null {
  const tick = useTick(5_000);
  return useMemo(() => {
    if (!view.catalog || !view.projection) return null;
    return derive(view.catalog, view.projection, client.now());
  }, [view.version, view.catalog, view.projection, tick]);
}
