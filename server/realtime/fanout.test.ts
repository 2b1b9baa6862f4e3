import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { describe, expect, it, onTestFinished } from 'vitest';
import { derive, restoreDisplay, type Projection } from '@shared/projection';
import { HandshakeAuthSchema, type DisplaySnapshotMessage, type SnapshotMessage } from '@shared/protocol';
import { demoCatalog, notes, sleep, tempEmbeddedStore } from '../../test/helpers/log';
import { dropPrefix, testPrefix } from '../../test/helpers/redis';
import { Display } from '../../test/helpers/server';
import type { Principal } from '../auth/tokens';
import { realClock } from '../clock';
import { ingest } from '../commands/ingest';
import { LogFollower } from '../log/follower';
import { repair } from '../cli/repair';
import { EmbeddedStore } from '../store/embedded';
import { RedisStore } from '../store/redis';
import type { Store } from '../store/store';
import { Fanout, type SnapshotAudiences } from './fanout';
import type { IoServer } from './types';

const ADMIN: Principal = { tokenId: 'test-admin', role: 'admin', unit: null };
const CATCHING_UP = 'catching-up';

/** A Socket.IO server whose displays are served by one Fanout over `store`; everything closes when the test ends. */
async function serve(store: Store, { start = true, audiences }: { start?: boolean; audiences?: SnapshotAudiences } = {}) {
  const follower = new LogFollower(store, demoCatalog);
  const httpServer = createServer();
  const io: IoServer = new Server(httpServer, { serveClient: false });
  const fanout = new Fanout(io, follower, store, demoCatalog, realClock, audiences);
  io.on('connection', (socket) => {
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    socket.data = { tokenId: auth.data?.token ?? '', role: 'viewer', lastResync: 0, encoded: auth.data?.encoded === true };
    void fanout.admit(socket, auth.data?.epoch, auth.data?.seq, auth.data?.repairs);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const address = httpServer.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const displays: Display[] = [];
  onTestFinished(async () => {
    for (const d of displays) d.close();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await follower.stop();
  });
  if (start) {
    follower.start();
    await follower.whenLoaded();
  }
  return {
    follower,
    fanout,
    io,
    display(resume?: { epoch: string; seq: number }, { token = 'any-token', encoded = false } = {}) {
      const d = new Display(url, token, resume, undefined, encoded);
      displays.push(d);
      return d;
    },
    /** Writes `n` notes as the HTTP route does, through the ingest command. */
    async write(n: number) {
      return ingest({ store, catalog: demoCatalog, clock: realClock, follower }, ADMIN, notes(n).map((p) => p.event));
    },
    catchingUp: () => io.sockets.adapter.rooms.get(CATCHING_UP)?.size ?? 0,
  };
}

async function embedded(): Promise<Store> {
  const { store, dispose } = await tempEmbeddedStore();
  onTestFinished(dispose);
  return store;
}

/** One display holding its snapshot on an embedded store, and the seqs of each `events` message it receives. */
async function oneDisplay() {
  const store = await embedded();
  const s = await serve(store);
  const d = s.display();
  await d.until(() => d.snapshots.length === 1);
  const messages: number[][] = [];
  d.socket.on('events', (m) => messages.push(m.events.map((e) => e.seq)));
  return { store, s, d, messages };
}

/** Each display's received seqs from where it started, which must be exactly start+1 .. last. */
function expectExactRun(d: Display, start: number, last: number) {
  expect(d.gaps).toBe(0);
  expect(d.received.map((e) => e.seq)).toEqual(Array.from({ length: last - start }, (_, i) => start + 1 + i));
}

describe('Fanout', () => {
  it('after a repair replaced an event, a display resuming past it gets a snapshot; one behind it gets the events it missed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-fanout-repair-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const before = new EmbeddedStore(dir);
    await before.open();
    const written = await before.append(notes(20), Date.now());
    if (!written.ok) throw new Error('append refused');
    await before.close();
    // Seq 10's line damaged on disk, then repaired in place (same epoch, log.damaged at seq 10).
    const lines = readFileSync(join(dir, 'events.log'), 'utf8').split('\n');
    lines[10] = lines[10]!.replace('"type"', '#@!%');
    writeFileSync(join(dir, 'events.log'), lines.join('\n'));
    const out = process.stdout.write;
    process.stdout.write = () => true;
    try {
      expect(await repair(['--dir', dir])).toBe(0);
    } finally {
      process.stdout.write = out;
    }
    const store = new EmbeddedStore(dir);
    await store.open();
    onTestFinished(() => store.close());
    expect(await store.head()).toEqual({ epoch: written.epoch, seq: 20, repairs: [10] });
    const s = await serve(store);
    const past = s.display({ epoch: written.epoch, seq: 15 });
    const behind = s.display({ epoch: written.epoch, seq: 5 });
    await past.until(() => past.snapshots.length === 1);
    expect(past.snapshots[0]).toMatchObject({ epoch: written.epoch, seq: 20, repairs: 1 });
    expect(past.received).toEqual([]);
    await behind.until(() => behind.seq === 20);
    expect(behind.snapshots).toEqual([]);
    expect(behind.received.map((e) => [e.seq, e.type === 'log.damaged'])).toEqual(Array.from({ length: 15 }, (_, i) => [6 + i, i + 6 === 10]));
  });

  it('sends the first event after a quiet spell at once, and a burst of one turn in one message', async () => {
    const { store, s, d, messages } = await oneDisplay();

    await sleep(50);
    await s.write(1);
    await d.until(() => d.seq === 1);
    expect(messages).toEqual([[1]]);

    // 50 events appended at once and handed over one by one in the same turn, as group commit does.
    await sleep(50);
    const outcome = await store.append(notes(50), Date.now());
    if (!outcome.ok) throw new Error('append refused');
    const stored = (await store.read(1, 50)).events;
    for (const e of stored) s.follower.offer(outcome.epoch, [e]);
    await s.fanout.delivered();
    await d.until(() => d.seq === 51);
    expect(messages[1]).toEqual([2]);
    // The rest waits for the end of the turn and travels together (a stalled CPU may split it once).
    expect(messages.length).toBeLessThanOrEqual(4);
    expect(messages.flat()).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('a burst right after a batch that took long to send (thousands of displays) waits for the end of the turn and goes out as one batch', async () => {
    const { store, s, d, messages } = await oneDisplay();
    // Each batch takes 10 ms to go out, as one does to thousands of sockets.
    for (const socket of s.io.sockets.sockets.values())
      socket.onAnyOutgoing((event) => {
        const until = performance.now() + 10;
        while (event === 'events' && performance.now() < until);
      });
    await sleep(50);
    const outcome = await store.append(notes(10), Date.now());
    if (!outcome.ok) throw new Error('append refused');
    for (const e of (await store.read(0, 10)).events) s.follower.offer(outcome.epoch, [e]);
    await s.fanout.delivered();
    await d.until(() => d.seq === 10);
    // The first at once; the rest, handed over while its writes were still under way, together.
    // (Sent at once, each would have waited in its socket's buffer behind the first's writes.)
    expect(messages).toEqual([[1], [2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  });

  it('admits displays during a burst of writes with no gap and no repeat, from a snapshot or from their last seq', async () => {
    const store = await embedded();
    const s = await serve(store);
    const first = s.display();
    await first.until(() => first.snapshots.length === 1);
    const joined: { d: Display; start: number }[] = [{ d: first, start: -1 }];
    const epoch = first.epoch!;
    for (let round = 0; round < 40; round++) {
      await s.write(1 + (round % 5));
      if (round % 4 === 1) {
        const fresh = s.display();
        joined.push({ d: fresh, start: -1 });
      }
      if (round % 4 === 3) {
        // Resumes from a seq a few events back, as a display that lost its connection for a moment.
        const start = Math.max(0, s.follower.seq - 7);
        joined.push({ d: s.display({ epoch, seq: start }), start });
      }
      if (round % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    const last = s.follower.seq;
    for (const { d, start } of joined) {
      await d.until(() => d.seq === last);
      const from = start === -1 ? d.snapshots[0]!.seq : start;
      if (start !== -1) expect(d.snapshots).toEqual([]);
      expectExactRun(d, from, last);
    }
    expect(s.catchingUp()).toBe(0);
  });

  it('keeps a display among those catching up, sent no events, until the log is loaded; then sends it a snapshot', async () => {
    const store = await embedded();
    await store.append(notes(3), Date.now());
    const s = await serve(store, { start: false });
    const d = s.display();
    await d.until(() => d.heartbeats.length === 1);
    expect(d.heartbeats[0]).toMatchObject({ epoch: null, store: 'unavailable' });
    expect(s.catchingUp()).toBe(1);
    await store.append(notes(1), Date.now());
    await sleep(200);
    expect([d.snapshots.length, d.received.length]).toEqual([0, 0]);

    s.follower.start();
    await d.until(() => d.snapshots.length === 1);
    expect(d.snapshots[0]!.seq).toBe(4);
    expect(s.catchingUp()).toBe(0);
    await s.write(2);
    await d.until(() => d.seq === 6);
    expectExactRun(d, 4, 6);
  });

  it('sends a snapshot of the new log to every display, those admitted while the follower reloads it too', async () => {
    const prefix = testPrefix('fanout');
    const store = new RedisStore({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix });
    onTestFinished(async () => {
      try {
        await store.close();
      } finally {
        await dropPrefix(prefix);
      }
    });
    await store.open();
    const s = await serve(store);
    await s.write(2);
    const live = s.display();
    await live.until(() => live.snapshots.length === 1 && live.seq === 2);
    const oldEpoch = live.epoch!;

    // The log is replaced while the follower is between reads: it drops its projection and must reload.
    await s.follower.stop();
    await dropPrefix(prefix);
    await store.append(notes(1), Date.now());
    await s.follower.catchUp();
    expect(s.follower.isLoaded).toBe(false);
    const fresh = s.display();
    const resuming = s.display({ epoch: oldEpoch, seq: 2 });
    await fresh.until(() => fresh.heartbeats.length === 1);
    await resuming.until(() => resuming.heartbeats.length === 1);
    expect(fresh.heartbeats[0]!.epoch).toBeNull();
    await sleep(200);
    expect([fresh.snapshots.length, resuming.snapshots.length]).toEqual([0, 0]);

    s.follower.start();
    for (const d of [live, fresh, resuming]) {
      await d.until(() => d.snapshots.some((m) => m.epoch !== oldEpoch));
      expect(d.snapshots.at(-1)).toMatchObject({ seq: 1 });
    }
    expect(s.catchingUp()).toBe(0);
    await s.write(1);
    for (const d of [live, fresh, resuming]) {
      await d.until(() => d.seq === 2 && d.epoch !== oldEpoch);
      expect([d.gaps, d.received.at(-1)?.seq]).toEqual([0, 2]);
    }
  });

  it('derives and encodes one state per audience for many displays connecting at one seq, and gives each display its audience\'s state', async () => {
    const store = await embedded();
    // Two audiences told apart by token: a viewer's state leaves the notes out, the operator's keeps them.
    const displayFor = (audience: string, projection: Projection): Projection => (audience === 'viewer' ? { ...projection, notes: [] } : projection);
    const audiences: SnapshotAudiences = {
      audienceOf: (socket) => (socket.data.tokenId.startsWith('viewer') ? 'viewer' : 'operator'),
      stateFor: (audience, projection, now) => derive(demoCatalog, displayFor(audience, projection), now),
      displayFor,
    };
    const s = await serve(store, { audiences });
    await s.write(3);
    await s.follower.catchUp();
    const displays = Array.from({ length: 40 }, (_, i) => s.display(undefined, { token: i % 2 ? `viewer-${i}` : `operator-${i}`, encoded: i % 3 > 0 }));
    const got = (d: Display) => d.snapshots.length + d.projections.length;
    for (const d of displays) await d.until(() => got(d) === 1);
    expect(Object.fromEntries(s.fanout.snapshots.builds)).toEqual({ viewer: 1, operator: 1 });
    // Every display of an audience holds the same snapshot, as bytes (the projection) or as an object (the derived state)...
    const byAudience = new Map<string, Set<string>>();
    for (const [i, d] of displays.entries()) {
      const audience = i % 2 ? 'viewer' : 'operator';
      const message: SnapshotMessage | DisplaySnapshotMessage = d.snapshots.length ? d.snapshots[0]! : d.projections[0]!;
      const notes = 'state' in message ? message.state.notes : message.projection.notes;
      expect([message.seq, notes.length]).toEqual([3, audience === 'viewer' ? 0 : 3]);
      const kind = `${audience}/${'state' in message ? 'state' : 'bytes'}`;
      byAudience.set(kind, (byAudience.get(kind) ?? new Set()).add(JSON.stringify('state' in message ? message.state : message.projection)));
    }
    expect([...byAudience.values()].map((set) => set.size)).toEqual([1, 1, 1, 1]);
    // ...and the projection derives the same state as the object.
    for (const audience of ['viewer', 'operator']) {
      const [plain, encoded] = [displays.find((d, i) => (i % 2 ? 'viewer' : 'operator') === audience && d.snapshots.length)!, displays.find((d, i) => (i % 2 ? 'viewer' : 'operator') === audience && d.projections.length)!];
      const state = plain.snapshots[0]!.state;
      expect(derive(demoCatalog, restoreDisplay(demoCatalog, encoded.projections[0]!.projection), Date.parse(state.now))).toEqual(state);
    }
    // Once the log moves, the next display gets a state built at the new seq.
    await s.write(1);
    await s.follower.catchUp();
    const late = s.display(undefined, { token: 'operator-late', encoded: true });
    await late.until(() => late.projections.length === 1);
    expect([late.projections[0]!.seq, late.projections[0]!.projection.notes.length]).toEqual([4, 4]);
    expect(s.fanout.snapshots.builds.get('operator')).toBe(2);
  });
});
