import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectionAt } from '../../server/log/history';
import { CHECKPOINT_EVERY } from '../../server/log/timetravel';
import { mixedEvent } from '../bench/lib/mixed-log';
import { waitFor } from '../helpers/process';
import { api, startServer, type TestServer } from '../helpers/server';
import { dropPrefix, testPrefix } from '../helpers/redis';

const prefix = testPrefix('timetravel');
const SNAPSHOT_EVERY = 500;
const TOTAL = 1_730;
let server: TestServer;
let clockMs = Date.parse('2024-04-02T07:00:00.000Z');
const receivedAt: number[] = [];

beforeAll(async () => {
  server = await startServer({ prefix, snapshotEvery: SNAPSHOT_EVERY, clock: { now: () => clockMs, rate: 1, simulated: false } });
  // Batches of 1 to 60 events, a minute apart: several events share each receivedAt.
  for (let n = 0, size = 1; n < TOTAL; n += size, size = (size * 7) % 61 || 1) {
    const events = Array.from({ length: Math.min(size, TOTAL - n) }, (_, i) => mixedEvent(n + i, 'tt'));
    const res = await api(server.url, '/api/v1/events', { body: { events } });
    expect(res.status).toBe(202);
    receivedAt.push(...events.map(() => clockMs));
    clockMs += 60_000;
  }
  await server.app.follower.catchUp();
  // Snapshots are saved in the background as the follower passes each 500th event.
  await waitFor(async () => (await server.store.findSnapshot({ epoch: (await server.store.head()).epoch, seq: TOTAL }))?.seq === 1_500, 10_000, 'the snapshot at 1,500');
}, 120_000);

afterAll(async () => {
  await server?.close();
  await dropPrefix(prefix);
});

const reference = async (query: { seq: number } | { at: number }) => (await projectionAt(server.store, server.app.catalog, query)).projection;

describe('time travel with kept stretches of the log', () => {
  it('gives exactly the state a full replay gives, stepping forward and back across snapshots and checkpoints', async () => {
    const travel = server.app.timeTravel;
    const seqs = [0, 1, CHECKPOINT_EVERY - 1, CHECKPOINT_EVERY, CHECKPOINT_EVERY + 1, 499, 500, 501, 777, 776, 778, 1_000, 999, 1_499, 1_500, 1_501, TOTAL - 1, TOTAL, 3, 1_250, 1_249];
    for (const seq of seqs) {
      const past = await travel.at({ seq });
      expect(past.projection.seq, `seq ${seq}`).toBe(seq);
      expect(past.projection, `seq ${seq}`).toEqual(await reference({ seq }));
    }
    // Past the head: the state now.
    expect((await travel.at({ seq: TOTAL + 50 })).projection.seq).toBe(TOTAL);
  });

  it('gives the state after the last event received at or before a time, at and between batch times', async () => {
    const travel = server.app.timeTravel;
    const times = [receivedAt[0]! - 1, receivedAt[0]!, receivedAt[600]!, receivedAt[600]! + 30_000, receivedAt[1_499]!, receivedAt[TOTAL - 1]! + 1, receivedAt[40]!];
    for (const at of times) {
      const past = await travel.at({ at });
      const expected = await reference({ at });
      expect(past.projection.seq, new Date(at).toISOString()).toBe(expected.seq);
      expect(past.projection).toEqual(expected);
    }
  });

  it('answers GET /api/v1/state?seq= from it, judged when that event arrived, the same when asked again', async () => {
    const res = await api(server.url, '/api/v1/state?seq=777');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body).toMatchObject({ seq: 777, asOf: new Date(receivedAt[776]!).toISOString() });
    expect((res.body.state as { now: string }).now).toBe(new Date(receivedAt[776]!).toISOString());
    expect((await api(server.url, '/api/v1/state?seq=777')).body).toEqual(res.body);
    // Past the end of the log the answer is the end, and follows it as the log grows.
    const end = await api(server.url, `/api/v1/state?seq=${TOTAL + 5}`);
    expect(end.body.seq).toBe(TOTAL);
    const [next] = (await api(server.url, '/api/v1/events', { body: mixedEvent(TOTAL, 'tt') })).body.accepted as { seq: number }[];
    expect((await api(server.url, `/api/v1/state?seq=${TOTAL + 5}`)).body.seq).toBe(next!.seq);
  });
});
