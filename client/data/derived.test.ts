import { describe, expect, it } from 'vitest';
import { catalogOf } from '@shared/catalog';
import { apply, createProjection, type StateView } from '@shared/projection';
import { smallProvince } from '../../test/fixtures/province';
import { DerivedState } from './derived';
import type { SourceView, StateSource } from './source';

const catalog = catalogOf(smallProvince());
const T = Date.parse('2024-04-02T07:00:00Z');

/** A source whose data changes when `change()` is called, as a live client's does. */
function source() {
  const listeners = new Set<() => void>();
  let projection = createProjection(catalog);
  let view: SourceView = { catalog, projection, epoch: 'e', version: 0, pinnedAt: null };
  const s: StateSource & { change(value: number): void } = {
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    getView: () => view,
    now: () => T,
    change(value) {
      projection = apply(catalog, projection, { id: `n${value}`, type: 'indicator.reported', unit: 'a', at: '2024-04-02T06:00:00Z', indicator: 'online', value, period: '2024-04-02', seq: view.version + 1, receivedAt: '2024-04-02T06:00:00Z', by: 't' });
      view = { ...view, projection, version: view.version + 1 };
      for (const l of listeners) l();
    },
  };
  return s;
}

describe('DerivedState', () => {
  it('derives once per change of the data, however many readers ask, and tells each reader of a change', () => {
    const src = source();
    const derived = new DerivedState(src, 60_000);
    let heard = 0;
    const stop = derived.subscribe(() => (heard += 1));
    const first = derived.get();
    expect(derived.get()).toBe(first);
    src.change(5);
    expect(heard).toBe(1);
    const second: StateView | null = derived.get();
    expect(second).not.toBe(first);
    expect(derived.get()).toBe(second);
    expect(second?.counters.online?.a?.['2024-04-02']).toBe(5);
    stop();
    src.change(6);
    expect(heard).toBe(1);
  });
});
