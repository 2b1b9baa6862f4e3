import type { Catalog } from '@shared/catalog';
import type { StoredEvent } from '@shared/events';
import { apply, type Projection } from '@shared/projection';
import type { Api, Pin } from './api';
import { toProjection } from './projection';
import type { SourceView, StateSource } from './source';

/**
 * A state that does not move: a past `seq` or time (time travel), or a live screen frozen.
 * It is judged at its own instant, as the server judges `GET /api/v1/state?seq=|at=`:
 * at the asked time, or when its last event arrived.
 */
export class PinnedSource implements StateSource {
  private readonly view: SourceView;

  constructor(catalog: Catalog, epoch: string, projection: Projection, at: number) {
    this.view = { catalog, projection, epoch, version: 0, pinnedAt: at };
  }

  /** The state the server gives for `pin`. */
  static async fetch(api: Api, catalog: Catalog, pin: Pin): Promise<PinnedSource> {
    const answer = await api.state(pin);
    const projection = toProjection(answer.state);
    return new PinnedSource(catalog, answer.epoch, projection, pinnedInstant(pin, projection, answer.state.now));
  }

  /**
   * The state after `events` (in seq order, following `base`) applied up to the pin, without a
   * round trip: for stepping through history the screen has already loaded. `base` is not changed.
   */
  static fromEvents(catalog: Catalog, base: { epoch: string; projection: Projection }, events: StoredEvent[], pin: Pin): PinnedSource {
    const projection = structuredClone(base.projection);
    const until = 'at' in pin ? Date.parse(pin.at) : null;
    for (const event of events) {
      if (event.seq <= projection.seq) continue;
      if (event.seq !== projection.seq + 1) throw new Error(`event ${event.seq} does not follow ${projection.seq}: the events must continue the base without a gap`);
      if ('seq' in pin ? event.seq > pin.seq : Date.parse(event.receivedAt) > until!) break;
      apply(catalog, projection, event);
    }
    return new PinnedSource(catalog, base.epoch, projection, pinnedInstant(pin, projection, new Date().toISOString()));
  }

  /** A copy of `source` as it is now, which no later event changes: a frozen screen. */
  static freeze(source: StateSource): PinnedSource | null {
    const { catalog, projection, epoch } = source.getView();
    if (!catalog || !projection || !epoch) return null;
    return new PinnedSource(catalog, epoch, structuredClone(projection), source.now());
  }

  subscribe = (): (() => void) => () => {};

  getView = (): SourceView => this.view;

  now = (): number => this.view.pinnedAt!;
}

function pinnedInstant(pin: Pin, projection: Projection, fallback: string): number {
  if ('at' in pin) return Date.parse(pin.at);
  return Date.parse(projection.asOf ?? fallback);
}
