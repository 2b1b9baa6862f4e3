import { useEffect, useState, useSyncExternalStore } from 'react';
import { steeringFor, type Steering } from '@shared/projection';
import { DISPLAY_STATUS_MS } from '@shared/protocol';
import type { LiveClient } from '../../data/LiveClient';
import { same } from '../../data/same';
import type { StateSource } from '../../data/source';

/** How often a shown page or message is checked for having run out: the wall goes back within this. */
const EXPIRY_CHECK_MS = 250;

/**
 * What the desk's commands ask of this wall now: checked on every change of the data and every
 * EXPIRY_CHECK_MS, and a new value only when the answer changes, so the wall redraws only then.
 */
export function useSteering(source: StateSource, client: LiveClient, displayId: string): Steering {
  const [steering, setSteering] = useState(() => steeringNow(source, client, displayId));
  useEffect(() => {
    const check = () => {
      const next = steeringNow(source, client, displayId);
      setSteering((prev) => (same(prev, next) ? prev : next));
    };
    check();
    const unsubscribe = source.subscribe(check);
    const timer = setInterval(check, EXPIRY_CHECK_MS);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [source, client, displayId]);
  return steering;
}

function steeringNow(source: StateSource, client: LiveClient, displayId: string): Steering {
  return steeringFor(source.getView().projection?.steering, displayId, client.now(), client.getView().clockRate);
}

/** Tells the desk which page this wall shows: on every change, on every (re)connect, and every DISPLAY_STATUS_MS as a sign of life. */
export function useReportPage(client: LiveClient, page: string): void {
  const status = useSyncExternalStore(client.subscribe, () => client.getView().status);
  useEffect(() => {
    if (status !== 'live') return;
    client.sendStatus({ page });
    const timer = setInterval(() => client.sendStatus({ page }), DISPLAY_STATUS_MS);
    return () => clearInterval(timer);
  }, [client, page, status]);
}
