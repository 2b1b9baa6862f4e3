import { simulatedClock, type Clock } from '../clock';
import type { Store } from '../store/store';

/** The demo's story starts at the PPC's Project 06 review, on the afternoon of 2 April 2024. */
export const DEMO_START = Date.parse('2024-04-02T14:00:00+07:00');

/** A simulated clock that starts at the demo's start, or where the last run's log left off. */
export async function demoClock(store: Store, rate: number): Promise<Clock> {
  let start = DEMO_START;
  try {
    const head = await store.head();
    if (head.seq > 0) {
      const last = (await store.read(head.seq - 1, 1)).events[0];
      if (last) start = Math.max(start, Date.parse(last.receivedAt));
    }
  } catch {
    // The store is not reachable yet: the story starts at its beginning.
  }
  return simulatedClock(start, rate);
}
