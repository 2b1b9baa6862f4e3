import type { Catalog } from '@shared/catalog';
import type { Projection } from '@shared/projection';

/** What a screen draws from: a config and a projection, and the instant to judge them at. */
export interface SourceView {
  catalog: Catalog | null;
  /** A live source updates its projection in place: `version` says when it changed. */
  projection: Projection | null;
  epoch: string | null;
  /** Grows with every change of `catalog`, `projection` or `epoch`. */
  version: number;
  /** null: live, judged at the server's clock now; else pinned to this instant (ms), for freeze and time travel. */
  pinnedAt: number | null;
}

/**
 * The state behind a screen, live or pinned to a past `seq` or time. A new object from
 * `getView()` means something changed (as `useSyncExternalStore` expects).
 */
export interface StateSource {
  subscribe(listener: () => void): () => void;
  getView(): SourceView;
  /** The instant the state is judged at now: the server's clock (simulated in demo mode), or the pinned instant. */
  now(): number;
}
