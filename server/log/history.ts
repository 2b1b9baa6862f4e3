import type { Catalog } from '@shared/catalog';
import { apply, createProjection, parseProjection, type Projection } from '@shared/projection';
import type { Store } from '../store/store';

const PAGE = 1_000;

export interface PastState {
  epoch: string;
  projection: Projection;
}

/**
 * The projection as it was after event `seq`, or after the last event received at or
 * before `at` (ms): the nearest snapshot, then a replay of the events after it.
 */
export async function projectionAt(store: Store, catalog: Catalog, query: { seq: number } | { at: number }): Promise<PastState> {
  const head = await store.head();
  const snapshot = await store.findSnapshot({ epoch: head.epoch, ...query });
  const projection = (snapshot ? parseProjection(snapshot.state) : null) ?? createProjection(catalog);
  const stopSeq = 'seq' in query ? Math.min(query.seq, head.seq) : head.seq;
  while (projection.seq < stopSeq) {
    const page = await store.read(projection.seq, Math.min(PAGE, stopSeq - projection.seq));
    if (page.epoch !== head.epoch || !page.events.length) break;
    for (const event of page.events) {
      if ('at' in query && Date.parse(event.receivedAt) > query.at) return { epoch: head.epoch, projection };
      apply(catalog, projection, event);
    }
  }
  return { epoch: head.epoch, projection };
}
