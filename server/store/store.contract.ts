import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalEvent, type IocEvent, type StoredEvent } from '@shared/events';
import { rmSync } from 'node:fs';
import { Archive, ArchiveMissingError } from './archive';
import { contentHash } from './hash';
import { SNAPSHOT_RETENTION } from './snapshot-pruning';
import { ImportRefusedError, type PendingEvent, type Store } from './store';

/** Builds a fresh store on empty storage, and a second store on the same storage (a restart). */
export interface StoreFactory {
  create(): Promise<Store>;
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
  /** Loses the log's metadata and keeps its events (a deleted meta key; a backup of events.log alone). May run while the store is open. */
  loseMeta(): Promise<void>;
  /** Empties the log itself, as an emptied Redis or a deleted events.log would; run with the store closed. */
  emptyLog(): Promise<void>;
  /** The folder the store archives old events into. */
  archiveDir: string;
}

const T0 = Date.parse('2024-04-02T07:00:00Z');
const DAY = 86_400_000;

export function note(id: string, text = 'hello', unit = 'dic'): PendingEvent {
  const event: IocEvent = { id, type: 'note.posted', unit, at: '2024-04-02T14:00:00+07:00', text, severity: 'info' };
  return { event, by: 'tok-1', hash: contentHash(canonicalEvent(event)) };
}

/** A stored event as a backup holds it: the written event with its seq, time of receipt and writer. */
function stored(seq: number, id = `e${seq}`): StoredEvent {
  const { event } = note(id, `text ${seq}`);
  return { ...event, seq, receivedAt: new Date(T0 + seq * 1000).toISOString(), by: 'tok-backup' };
}

/** The behaviour every store must have; run against Redis and the embedded store. */
export function describeStoreContract(name: string, factory: () => StoreFactory): void {
  describe(`${name} store contract`, () => {
    let f: StoreFactory;
    let store: Store;
    const extra: Store[] = [];
    beforeEach(async () => {
      f = factory();
      store = await f.create();
    });
    afterEach(async () => {
      for (const s of [store, ...extra.splice(0)]) await s.close();
      await f.cleanup();
    });

    it('numbers a batch 1, 2, 3 and reads it back in order with receivedAt and writer', async () => {
      const out = await store.append([note('a'), note('b'), note('c')], T0);
      expect(out).toMatchObject({ ok: true, results: [{ id: 'a', seq: 1, duplicate: false }, { id: 'b', seq: 2 }, { id: 'c', seq: 3 }] });
      const page = await store.read(0, 10);
      expect(page.seq).toBe(3);
      expect(page.events.map((e) => [e.seq, e.id, e.by, e.receivedAt])).toEqual([
        [1, 'a', 'tok-1', '2024-04-02T07:00:00.000Z'],
        [2, 'b', 'tok-1', '2024-04-02T07:00:00.000Z'],
        [3, 'c', 'tok-1', '2024-04-02T07:00:00.000Z'],
      ]);
      expect(page.events[0]).toMatchObject({ type: 'note.posted', unit: 'dic', text: 'hello', severity: 'info' });
      expect((await store.read(1, 1)).events.map((e) => e.seq)).toEqual([2]);
    });

    it('answers a retried event with its first seq and stores it once', async () => {
      await store.append([note('a')], T0);
      const again = await store.append([note('a'), note('b')], T0);
      expect(again).toMatchObject({ ok: true, results: [{ id: 'a', seq: 1, duplicate: true }, { id: 'b', seq: 2, duplicate: false }] });
      expect((await store.head()).seq).toBe(2);
    });

    it('treats the same id from two units as two events', async () => {
      const out = await store.append([note('a', 'x', 'dic'), note('a', 'x', 'health')], T0);
      expect(out.ok && out.results.map((r) => r.seq)).toEqual([1, 2]);
    });

    it('refuses a whole batch when one event reuses an id with other content', async () => {
      await store.append([note('a', 'first')], T0);
      const out = await store.append([note('b'), note('a', 'second'), note('c')], T0);
      expect(out).toEqual({ ok: false, conflicts: [1] });
      expect((await store.head()).seq).toBe(1);
      expect((await store.read(0, 10)).events.map((e) => e.id)).toEqual(['a']);
    });

    it('dedupes and conflicts within one batch', async () => {
      const dup = await store.append([note('a'), note('a')], T0);
      expect(dup).toMatchObject({ ok: true, results: [{ seq: 1, duplicate: false }, { seq: 1, duplicate: true }] });
      expect(await store.append([note('z', 'one'), note('z', 'two')], T0)).toEqual({ ok: false, conflicts: [1] });
    });

    it('never lets receivedAt go backwards along the log', async () => {
      await store.append([note('a')], T0 + 5_000);
      const out = await store.append([note('b')], T0);
      expect(out.ok && out.receivedAt).toBe(T0 + 5_000);
      expect((await store.read(1, 1)).events[0]?.receivedAt).toBe(new Date(T0 + 5_000).toISOString());
    });

    it('gives concurrent writers unique, gap-free seqs', async () => {
      const outs = await Promise.all(Array.from({ length: 40 }, (_, i) => store.append([note(`w${i}a`), note(`w${i}b`)], T0)));
      const seqs = outs.flatMap((o) => (o.ok ? o.results.map((r) => r.seq) : [])).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      const events = (await store.read(0, 100)).events;
      expect(events.map((e) => e.seq)).toEqual(seqs);
    });

    it('wakes a waiting reader when events arrive, and times out empty otherwise', async () => {
      const idle = await store.waitForEvents(0, 10, 100);
      expect(idle.events).toEqual([]);
      const waiting = store.waitForEvents(0, 10, 5_000);
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      await store.append([note('a')], T0);
      const page = await waiting;
      expect(page.events.map((e) => e.id)).toEqual(['a']);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('finds the latest snapshot at or before a seq or a time', async () => {
      const { epoch } = await store.head();
      expect(await store.findSnapshot({ epoch, seq: 10 })).toBeNull();
      expect(await store.saveSnapshot({ epoch, seq: 5, receivedAt: T0, state: '{"s":5}' })).toBe(true);
      expect(await store.saveSnapshot({ epoch, seq: 10, receivedAt: T0 + 1000, state: '{"s":10}' })).toBe(true);
      expect((await store.findSnapshot({ epoch, seq: 9 }))?.state).toBe('{"s":5}');
      expect(await store.findSnapshot({ epoch, seq: 10 })).toEqual({ epoch, seq: 10, receivedAt: T0 + 1000, state: '{"s":10}' });
      expect((await store.findSnapshot({ epoch, at: T0 + 999 }))?.seq).toBe(5);
      expect(await store.findSnapshot({ epoch, at: T0 - 1 })).toBeNull();
    });

    it('never keeps or returns a snapshot of another epoch', async () => {
      const { epoch } = await store.head();
      expect(await store.saveSnapshot({ epoch: 'another-epoch', seq: 5, receivedAt: T0, state: '{"s":"other"}' })).toBe(false);
      expect(await store.findSnapshot({ epoch, seq: 10 })).toBeNull();
      await store.saveSnapshot({ epoch, seq: 5, receivedAt: T0, state: '{"s":5}' });
      expect(await store.findSnapshot({ epoch: 'another-epoch', seq: 10 })).toBeNull();
      expect(await store.findSnapshot({ epoch: 'another-epoch', at: T0 })).toBeNull();
    });

    it('prunes old snapshots to the last of each day, then of each month, keeping the recent ones and the newest, across a restart', async () => {
      await store.append(Array.from({ length: 80 }, (_, i) => note(`p${i}`)), T0);
      const { epoch } = await store.head();
      const at = (iso: string) => Date.parse(iso);
      const saved: [number, string][] = [
        [10, '2024-01-05T10:00:00Z'], // over 400 days before the newest: the last of its month stays
        [20, '2024-01-20T10:00:00Z'],
        [30, '2025-03-01T08:00:00Z'], // within 400 days: the last of its day stays
        [40, '2025-03-01T20:00:00Z'],
        [50, '2025-03-02T09:00:00Z'],
        [60, '2025-06-09T13:00:00Z'], // within two days of the newest: all stay
        [70, '2025-06-10T00:00:00Z'],
        [80, '2025-06-10T12:00:00Z'],
      ];
      for (const [seq, iso] of saved) await store.saveSnapshot({ epoch, seq, receivedAt: at(iso), state: `{"s":${seq}}` });
      expect(await store.pruneSnapshots(SNAPSHOT_RETENTION)).toBe(2);
      expect(await store.pruneSnapshots(SNAPSHOT_RETENTION)).toBe(0);
      const found = async (s: Store) => Promise.all([10, 25, 35, 45, 55, 65, 75, 80].map(async (seq) => (await s.findSnapshot({ epoch, seq }))?.seq ?? null));
      expect(await found(store)).toEqual([null, 20, 20, 40, 50, 60, 70, 80]);
      expect((await store.findSnapshot({ epoch, at: at('2025-03-01T12:00:00Z') }))?.state).toBe('{"s":20}');
      await store.close();
      store = await f.reopen();
      expect(await found(store)).toEqual([null, 20, 20, 40, 50, 60, 70, 80]);
    });

    it('keeps one whole snapshot when several writers save the same seq at once', async () => {
      const { epoch } = await store.head();
      const kept = await Promise.all(Array.from({ length: 8 }, (_, i) => store.saveSnapshot({ epoch, seq: 5, receivedAt: T0 + i, state: `{"writer":${i}}` })));
      expect(kept.filter(Boolean)).toHaveLength(1);
      const found = await store.findSnapshot({ epoch, seq: 5 });
      const writer = kept.indexOf(true);
      expect(found).toEqual({ epoch, seq: 5, receivedAt: T0 + writer, state: `{"writer":${writer}}` });
      expect(await store.findSnapshot({ epoch, at: T0 + writer })).toEqual(found);
    });

    it('keeps every event, its seq and its dedupe when the metadata is lost, and goes on writing', async () => {
      await store.append([note('a'), note('b')], T0);
      const before = await store.head();
      await store.saveSnapshot({ epoch: before.epoch, seq: 2, receivedAt: T0, state: '{"s":2}' });
      await f.loseMeta();
      // While running: the next write continues the log and a retry is still a duplicate.
      expect(await store.append([note('b'), note('c')], T0)).toMatchObject({ ok: true, results: [{ seq: 2, duplicate: true }, { seq: 3, duplicate: false }] });
      await store.close();
      await f.loseMeta();
      store = await f.reopen();
      const after = await store.head();
      expect(after.seq).toBe(3);
      expect((await store.read(0, 10)).events.map((e) => [e.seq, e.id])).toEqual([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ]);
      expect(await store.append([note('a'), note('d')], T0)).toMatchObject({ ok: true, results: [{ seq: 1, duplicate: true }, { seq: 4, duplicate: false }] });
      expect(await store.append([note('c', 'other text')], T0)).toEqual({ ok: false, conflicts: [0] });
      // A store may give the log a new epoch here; then the old epoch's snapshots are gone with it.
      if (after.epoch !== before.epoch) expect(await store.findSnapshot({ epoch: before.epoch, seq: 2 })).toBeNull();
    });

    it('gives an emptied log a new epoch, seq from 1, no dedupe and no snapshot of the old one', async () => {
      await store.append([note('a'), note('b')], T0);
      const old = await store.head();
      await store.saveSnapshot({ epoch: old.epoch, seq: 2, receivedAt: T0, state: '{"s":2}' });
      await store.close();
      await f.emptyLog();
      store = await f.reopen();
      const fresh = await store.head();
      expect(fresh.seq).toBe(0);
      expect(fresh.epoch).not.toBe(old.epoch);
      expect(await store.append([note('b')], T0)).toMatchObject({ ok: true, epoch: fresh.epoch, results: [{ seq: 1, duplicate: false }] });
      expect(await store.findSnapshot({ epoch: old.epoch, seq: 2 })).toBeNull();
      expect(await store.findSnapshot({ epoch: fresh.epoch, seq: 2 })).toBeNull();
      expect(await store.saveSnapshot({ epoch: old.epoch, seq: 1, receivedAt: T0, state: '{"s":"old"}' })).toBe(false);
    });

    it('imports stored events as they were into an empty log, in its epoch, and goes on from there', async () => {
      const backup = [stored(1), stored(2), stored(3)];
      await store.importEvents('backup-epoch', backup.slice(0, 2));
      await store.importEvents('backup-epoch', backup.slice(2));
      expect(await store.head()).toEqual({ epoch: 'backup-epoch', seq: 3 });
      expect((await store.read(0, 10)).events).toEqual(backup);
      expect(await store.append([{ ...note('e2', 'text 2'), by: 'tok-2' }, note('e4')], T0)).toMatchObject({
        ok: true,
        epoch: 'backup-epoch',
        receivedAt: T0 + 3000,
        results: [{ seq: 2, duplicate: true }, { seq: 4, duplicate: false }],
      });
      await store.close();
      store = await f.reopen();
      expect(await store.head()).toEqual({ epoch: 'backup-epoch', seq: 4 });
      expect((await store.read(0, 3)).events).toEqual(backup);
    });

    it('refuses an import into a log that has events, or one that does not continue the log, storing none of it', async () => {
      const { epoch } = await store.head();
      await expect(store.importEvents(epoch, [stored(2)])).rejects.toThrow(ImportRefusedError);
      await expect(store.importEvents(epoch, [stored(1, 'same'), stored(2, 'same')])).rejects.toThrow(ImportRefusedError);
      expect((await store.head()).seq).toBe(0);
      await store.append([note('a')], T0);
      await expect(store.importEvents('backup-epoch', [stored(1)])).rejects.toThrow(/not empty/);
      await expect(store.importEvents(epoch, [stored(1)])).rejects.toThrow(ImportRefusedError);
      expect((await store.read(0, 10)).events.map((e) => [e.seq, e.id])).toEqual([[1, 'a']]);
    });

    it('keeps tokens by hash, lists them and revokes them with a notice', async () => {
      const record = { id: 'tk1', hash: 'h1', role: 'unit' as const, unit: 'dic', label: 'DIC system', createdAt: '2024-04-02T07:00:00.000Z' };
      await store.createToken(record);
      expect(await store.findToken('h1')).toEqual(record);
      expect(await store.findToken('nope')).toBeNull();
      expect(await store.listTokens()).toEqual([record]);
      const revoked: string[] = [];
      store.onTokenRevoked((id) => revoked.push(id));
      await new Promise((r) => setTimeout(r, 50));
      expect(await store.revokeToken('tk1')).toBe(true);
      expect(await store.revokeToken('tk1')).toBe(false);
      expect(await store.findToken('h1')).toBeNull();
      await expect.poll(() => revoked).toEqual(['tk1']);
    });

    it('keeps the log, its epoch, dedupe and tokens across a restart', async () => {
      await store.append([note('a'), note('b')], T0);
      await store.createToken({ id: 'tk1', hash: 'h1', role: 'viewer', unit: null, label: 'wall', createdAt: '2024-04-02T07:00:00.000Z' });
      const before = await store.head();
      await store.close();
      store = await f.reopen();
      expect(await store.head()).toEqual(before);
      expect((await store.read(0, 10)).events.map((e) => e.id)).toEqual(['a', 'b']);
      expect(await store.append([note('b'), note('c')], T0)).toMatchObject({ ok: true, results: [{ seq: 2, duplicate: true }, { seq: 3, duplicate: false }] });
      expect((await store.findToken('h1'))?.label).toBe('wall');
    });
    describe('retention', () => {
      /** Seqs 1-2 on 2 April, 3-4 on the 3rd, 5-6 on the 4th, 7 on the 5th (UTC), and a snapshot at 5. */
      async function fourDays(): Promise<string> {
        await store.append([note('a'), note('b')], T0);
        await store.append([note('c'), note('d')], T0 + DAY);
        await store.append([note('e'), note('f')], T0 + 2 * DAY);
        await store.append([note('g')], T0 + 3 * DAY);
        const { epoch } = await store.head();
        await store.saveSnapshot({ epoch, seq: 5, receivedAt: T0 + 2 * DAY, state: '{"s":5}' });
        return epoch;
      }

      it('archives events before the cutoff up to the latest snapshot, a file per UTC day, and reads them back as they were', async () => {
        await fourDays();
        const before = (await store.read(0, 100)).events;
        const out = await store.archive(T0 + 3 * DAY);
        expect(out).toMatchObject({ events: 5, upTo: 5, files: ['2024-04-02.ndjson.gz', '2024-04-03.ndjson.gz', '2024-04-04.ndjson.gz'] });
        expect(await store.logStats()).toMatchObject({ firstLiveSeq: 6, liveEvents: 2, archivedEvents: 5, archivedFiles: 3 });
        expect((await store.read(0, 100)).events).toEqual(before);
        const page = await store.read(3, 2);
        expect(page).toMatchObject({ seq: 7, archived: true });
        expect(page.events.map((e) => e.seq)).toEqual([4, 5]);
        expect((await store.read(4, 10)).events.map((e) => e.seq)).toEqual([5, 6, 7]);
        expect((await store.read(5, 10)).archived).toBeUndefined();
      });

      it('archives nothing more on a second run, and keeps dedupe of archived events across a restart', async () => {
        await fourDays();
        await store.archive(T0 + 3 * DAY);
        expect(await store.archive(T0 + 3 * DAY)).toMatchObject({ events: 0, files: [], upTo: 5 });
        expect(await store.append([note('a'), note('h')], T0 + 3 * DAY)).toMatchObject({ ok: true, results: [{ seq: 1, duplicate: true }, { seq: 8, duplicate: false }] });
        await store.close();
        store = await f.reopen();
        expect(await store.head()).toMatchObject({ seq: 8 });
        expect((await store.read(0, 100)).events.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
        expect(await store.append([note('c'), note('i')], T0 + 3 * DAY)).toMatchObject({ ok: true, results: [{ seq: 3, duplicate: true }, { seq: 9, duplicate: false }] });
        expect(await store.append([note('b', 'other text')], T0)).toEqual({ ok: false, conflicts: [0] });
        // Time goes on from the last event, archived or not.
        expect(await store.append([note('j')], T0)).toMatchObject({ ok: true, receivedAt: T0 + 3 * DAY });
      });

      it('keeps events newer than the cutoff, above the latest snapshot, and always the last event', async () => {
        await store.append([note('a'), note('b')], T0);
        expect(await store.archive(T0 + 10 * DAY)).toMatchObject({ events: 0 });
        const { epoch } = await store.head();
        await store.saveSnapshot({ epoch, seq: 2, receivedAt: T0, state: '{"s":2}' });
        expect(await store.archive(T0)).toMatchObject({ events: 0 });
        expect(await store.archive(T0 + 10 * DAY)).toMatchObject({ events: 1, upTo: 1 });
        expect(await store.logStats()).toMatchObject({ firstLiveSeq: 2, liveEvents: 1 });
        expect((await store.read(0, 10)).events.map((e) => e.id)).toEqual(['a', 'b']);
      });

      it('finishes a run cut short after its archive file was written, with no event lost or twice', async () => {
        const epoch = await fourDays();
        const events = (await store.read(0, 100)).events;
        // What a run killed before trimming the live log leaves: the first day's file, all in the log still.
        await new Archive(f.archiveDir, epoch).writeDay(events.slice(0, 2));
        const out = await store.archive(T0 + 3 * DAY);
        expect(out).toMatchObject({ events: 5, upTo: 5 });
        expect((await store.read(0, 100)).events).toEqual(events);
        expect((await store.logStats()).archivedEvents).toBe(5);
      });

      it('answers a read of archived events it cannot find with an error, never a gap', async () => {
        await fourDays();
        await store.archive(T0 + 3 * DAY);
        rmSync(f.archiveDir, { recursive: true, force: true });
        await expect(store.read(0, 10)).rejects.toThrow(ArchiveMissingError);
        expect((await store.read(5, 10)).events.map((e) => e.seq)).toEqual([6, 7]);
      });
    });
  });
}
