import { describe, expect, it, onTestFinished } from 'vitest';
import { demoCatalog, notes, tempEmbeddedStore } from '../../test/helpers/log';
import { LogFollower } from './follower';
import { runRetention, type RetentionDeps } from './retention';

const DAY = 86_400_000;
const T0 = Date.parse('2024-04-02T07:00:00Z');

async function quietLog() {
  const { store, dispose } = await tempEmbeddedStore();
  onTestFinished(dispose);
  // A quiet log: 30 events over three days, far from the follower's 5,000-event snapshots.
  for (let day = 0; day < 3; day++) await store.append(notes(10), T0 + day * DAY);
  const follower = new LogFollower(store, demoCatalog);
  follower.start();
  onTestFinished(() => follower.stop());
  await follower.whenLoaded();
  await follower.catchUp();
  return { store, follower };
}

describe('runRetention()', () => {
  it('saves a snapshot of a quiet log first, then archives the days older than the kept ones', async () => {
    const { store, follower } = await quietLog();
    const deps: RetentionDeps = { store, follower, retainDays: 1, now: () => T0 + 2 * DAY + 60_000, onArchived: () => {}, onError: () => {} };
    const { cutoff, outcome } = await runRetention(deps);
    expect(cutoff).toBe(T0 + DAY + 60_000);
    expect(await store.findSnapshot({ epoch: (await store.head()).epoch, seq: 30 })).toMatchObject({ seq: 30 });
    expect(outcome).toMatchObject({ events: 20, upTo: 20, files: ['2024-04-02.ndjson.gz', '2024-04-03.ndjson.gz'] });
    expect((await store.read(0, 100)).events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('prunes the snapshots time travel no longer needs, keeping the last of a day', async () => {
    const { store, follower } = await quietLog();
    const { epoch } = await store.head();
    // Two snapshots of one day, long before the one the pass saves at seq 30.
    await store.saveSnapshot({ epoch, seq: 2, receivedAt: T0 - 5 * DAY, state: '{}' });
    await store.saveSnapshot({ epoch, seq: 4, receivedAt: T0 - 5 * DAY + 60_000, state: '{}' });
    const { prunedSnapshots } = await runRetention({ store, follower, retainDays: 7, now: () => T0 + 2 * DAY, onArchived: () => {}, onError: () => {} });
    expect(prunedSnapshots).toBe(1);
    expect([(await store.findSnapshot({ epoch, seq: 3 }))?.seq, (await store.findSnapshot({ epoch, seq: 29 }))?.seq, (await store.findSnapshot({ epoch, seq: 30 }))?.seq]).toEqual([undefined, 4, 30]);
  });

  it('keeps everything while the oldest event is within the kept days', async () => {
    const { store, follower } = await quietLog();
    const { outcome } = await runRetention({ store, follower, retainDays: 7, now: () => T0 + 2 * DAY, onArchived: () => {}, onError: () => {} });
    expect(outcome).toMatchObject({ events: 0, files: [] });
    expect(await store.logStats()).toMatchObject({ firstLiveSeq: 1, liveEvents: 30, archivedEvents: 0 });
  });
});
