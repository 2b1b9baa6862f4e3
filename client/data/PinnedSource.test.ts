import { afterEach, describe, expect, it } from 'vitest';
import { catalogOf } from '@shared/catalog';
import type { StoredEvent } from '@shared/events';
import { apply, createProjection, derive } from '@shared/projection';
import { smallProvince } from '../../test/fixtures/province';
import { json, standInServer, type StandIn } from '../../test/fixtures/standInServer';
import { Api } from './api';
import { PinnedSource } from './PinnedSource';

const catalog = catalogOf(smallProvince());
/** Online and total dossiers of district A, one event a minute from 07:00 UTC. */
const events: StoredEvent[] = [10, 20, 30, 40].flatMap((online, i) => {
  const receivedAt = `2024-04-02T07:0${i}:00.000Z`;
  return [
    { id: `on${i}`, type: 'indicator.reported', unit: 'a', at: receivedAt, indicator: 'online', value: online, period: '2024-04-02', seq: 2 * i + 1, receivedAt, by: 't' },
    { id: `all${i}`, type: 'indicator.reported', unit: 'a', at: receivedAt, indicator: 'total', value: 100, period: '2024-04-02', seq: 2 * i + 2, receivedAt, by: 't' },
  ] as StoredEvent[];
});
const rateOf = (source: PinnedSource) => {
  const { catalog: c, projection, pinnedAt } = source.getView();
  return derive(c!, projection!, pinnedAt!).indicators.online_rate?.value;
};

let server: StandIn | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('PinnedSource', () => {
  it('fromEvents() stops at the pinned seq or time, without touching its base', () => {
    const base = { epoch: 'e1', projection: createProjection(catalog) };
    const atSeq = PinnedSource.fromEvents(catalog, base, events, { seq: 4 });
    expect(atSeq.getView().projection?.seq).toBe(4);
    expect(rateOf(atSeq)).toBeCloseTo(0.2);
    // Judged when its last event arrived, as the server judges ?seq=.
    expect(atSeq.now()).toBe(Date.parse('2024-04-02T07:01:00Z'));
    const atTime = PinnedSource.fromEvents(catalog, base, events, { at: '2024-04-02T14:02:30+07:00' });
    expect(atTime.getView().projection?.seq).toBe(6);
    expect(rateOf(atTime)).toBeCloseTo(0.3);
    expect(atTime.now()).toBe(Date.parse('2024-04-02T07:02:30Z'));
    expect(base.projection.seq).toBe(0);
  });

  it('fromEvents() refuses events that do not continue its base', () => {
    expect(() => PinnedSource.fromEvents(catalog, { epoch: 'e1', projection: createProjection(catalog) }, events.slice(2), { seq: 8 })).toThrow(/does not follow/);
  });

  it('fetch() gives the same state as replaying the events, from what the server answers for ?seq=', async () => {
    server = await standInServer({
      http: (req, res) => {
        const seq = Number(new URL(req.url ?? '', 'http://x').searchParams.get('seq'));
        const projection = createProjection(catalog);
        for (const e of events.filter((e) => e.seq <= seq)) apply(catalog, projection, e);
        json(res, 200, { epoch: 'e1', seq: projection.seq, asOf: projection.asOf, state: derive(catalog, projection, Date.parse(projection.asOf!)) });
      },
    });
    const fetched = await PinnedSource.fetch(new Api({ token: 't', baseUrl: server.url }), catalog, { seq: 6 });
    const replayed = PinnedSource.fromEvents(catalog, { epoch: 'e1', projection: createProjection(catalog) }, events, { seq: 6 });
    expect(fetched.now()).toBe(replayed.now());
    expect(rateOf(fetched)).toBeCloseTo(0.3);
    expect(fetched.getView().projection).toEqual(replayed.getView().projection);
  });

  it('freeze() keeps a copy that later events to the live state do not change', () => {
    const projection = createProjection(catalog);
    const live = { subscribe: () => () => {}, getView: () => ({ catalog, projection, epoch: 'e1', version: 1, pinnedAt: null }), now: () => Date.parse('2024-04-02T08:00:00Z') };
    for (const e of events.slice(0, 2)) apply(catalog, projection, e);
    const frozen = PinnedSource.freeze(live)!;
    for (const e of events.slice(2)) apply(catalog, projection, e);
    expect(frozen.getView().projection?.seq).toBe(2);
    expect(rateOf(frozen)).toBeCloseTo(0.1);
    expect(frozen.now()).toBe(Date.parse('2024-04-02T08:00:00Z'));
  });
});
