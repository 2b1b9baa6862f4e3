import type { Clock } from '../clock';
import type { Store } from '../store/store';

/** The demo's story reaches the PPC's Project 06 review, on the afternoon of 2 April 2024. */
export const DEMO_START = Date.parse('2024-04-02T14:00:00+07:00');
/** The demo's past starts 30 days earlier: the month it writes before `DEMO_START`. */
export const HISTORY_START = DEMO_START - 30 * 86_400_000;

/**
 * The demo's clock. While the month before the story is written it is held, and moved forward
 * report by report (`advanceTo`), so each event's `receivedAt` is its own simulated time; then it
 * runs at the demo's rate from `DEMO_START`.
 */
export class DemoClock implements Clock {
  readonly simulated = true;
  private held: number | null;
  private origin = 0;
  private start = 0;

  constructor(
    from: number,
    private readonly runRate: number,
    history: boolean,
    private readonly realNow: () => number = Date.now,
  ) {
    this.held = history ? from : null;
    if (!history) this.run(from);
  }

  /** Whether the month before the story is still to be written. */
  get writingHistory(): boolean {
    return this.held !== null;
  }

  /** Simulated seconds per real second; while held, the clock moves only as the history is written. */
  get rate(): number {
    return this.held === null ? this.runRate : 0;
  }

  now(): number {
    return this.held ?? this.start + (this.realNow() - this.origin) * this.runRate;
  }

  /** Moves a held clock forward to `t` (never back: the log's times only grow). */
  advanceTo(t: number): void {
    if (this.held !== null) this.held = Math.max(this.held, t);
  }

  /** Lets the clock run at the demo's rate from `from` (or from where it was held, if later). */
  run(from: number): void {
    this.start = Math.max(from, this.held ?? from);
    this.origin = this.realNow();
    this.held = null;
  }
}

/**
 * The demo's clock for `store`: a fresh log (or one whose history was cut short) is held at the
 * start of the month before the story; a log that reached the story resumes where it left off.
 */
export async function demoClock(store: Store, rate: number): Promise<DemoClock> {
  let last: number | null = null;
  try {
    const head = await store.head();
    if (head.seq > 0) {
      const event = (await store.read(head.seq - 1, 1)).events[0];
      if (event) last = Date.parse(event.receivedAt);
    }
  } catch {
    // The store is not reachable yet: the story starts at its beginning.
  }
  if (last !== null && last >= DEMO_START) return new DemoClock(last, rate, false);
  return new DemoClock(Math.max(HISTORY_START, last ?? HISTORY_START), rate, true);
}
