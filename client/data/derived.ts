import { derive, type StateView } from '@shared/projection';
import type { SourceView, StateSource } from './source';

/** How often a live state is derived again with nothing new: for what depends on the clock alone (overdue at midnight, silent units). */
export const DERIVE_TICK_MS = 5_000;

/**
 * A source's state, derived once per change of its data (and once per DERIVE_TICK_MS while
 * live, for what the clock alone changes), however many components read it. Listeners hear of
 * each new derived state; `get()` returns the same object until then.
 */
export class DerivedState {
  private readonly listeners = new Set<() => void>();
  private kept: { view: SourceView; tick: number; state: StateView | null } | null = null;
  private tick = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly source: StateSource,
    private readonly tickMs = DERIVE_TICK_MS,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  get = (): StateView | null => {
    const view = this.source.getView();
    if (this.kept && this.kept.view === view && this.kept.tick === this.tick) return this.kept.state;
    const state = view.catalog && view.projection ? derive(view.catalog, view.projection, view.pinnedAt ?? this.source.now()) : null;
    this.kept = { view, tick: this.tick, state };
    return state;
  };

  private start(): void {
    this.unsubscribe = this.source.subscribe(() => this.notify());
    this.timer = setInterval(() => {
      // A pinned state does not move with the clock.
      if (this.source.getView().pinnedAt !== null) return;
      this.tick += 1;
      this.notify();
    }, this.tickMs);
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

const derivedBySource = new WeakMap<StateSource, DerivedState>();

/** The one DerivedState of a source, shared by every component that reads it. */
export function derivedOf(source: StateSource): DerivedState {
  let derived = derivedBySource.get(source);
  if (!derived) derivedBySource.set(source, (derived = new DerivedState(source)));
  return derived;
}
