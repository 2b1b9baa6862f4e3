import { afterEach, describe, expect, it } from 'vitest';
import { catalogOf } from '@shared/catalog';
import type { ProvinceConfig } from '@shared/config';
import type { StoredEvent } from '@shared/events';
import { apply, createProjection, derive, displayProjection, PROJECTION_VERSION } from '@shared/projection';
import type { HeartbeatMessage, SnapshotMessage } from '@shared/protocol';
import { fingerprint } from '@shared/version';
import { smallProvince } from '../../test/fixtures/province';
import { json, standInServer, until, type StandIn, type StandInSocket } from '../../test/fixtures/standInServer';
import { freshnessOf } from './freshness';
import { LiveClient } from './LiveClient';
import { MemoryStorage } from './memoryStorage';
import { SAVED_KEY } from './saved';

const AT = '2024-04-02T07:00:00Z';
const note = (seq: number): StoredEvent => ({ id: `n${seq}`, type: 'note.posted', unit: 'dic', at: AT, text: `note ${seq}`, severity: 'info', seq, receivedAt: AT, by: 't' });
const heartbeat = (patch: Partial<HeartbeatMessage> = {}): HeartbeatMessage => ({ serverTime: AT, epoch: 'e1', head: 0, behind: 0, store: 'ok', lastReadAt: AT, ...patch });
function snapshot(config: ProvinceConfig, patch: Partial<SnapshotMessage> = {}): SnapshotMessage {
  const catalog = catalogOf(config);
  const seq = patch.seq ?? 0;
  // A state at `seq` (with no events of its own: what matters here is where the log is).
  const state = { ...derive(catalog, createProjection(catalog), Date.parse(AT)), seq };
  return { epoch: 'e1', seq, serverTime: AT, clockRate: 1, simulated: false, configVersion: fingerprint(config), projectionVersion: PROJECTION_VERSION, state, ...patch };
}

/** A stand-in server that serves `config()` (with its version) and speaks the socket protocol as told. */
async function server(onConnect: (socket: StandInSocket) => void, config: () => ProvinceConfig = () => smallProvince(), extra: { refuse?: string; configStatus?: () => number; pingIntervalMs?: number } = {}): Promise<StandIn> {
  const s = await standInServer({
    onConnect,
    ...(extra.refuse ? { refuse: extra.refuse } : {}),
    ...(extra.pingIntervalMs ? { pingIntervalMs: extra.pingIntervalMs } : {}),
    http: (req, res) => {
      if (!req.url?.startsWith('/api/v1/config')) return json(res, 404, { error: { code: 'not_found', message: 'no' } });
      const status = extra.configStatus?.() ?? 200;
      if (status !== 200) return json(res, status, { error: { code: status === 401 ? 'unauthorized' : 'store_unavailable', message: 'no' } });
      json(res, 200, config(), { 'x-config-version': fingerprint(config()) });
    },
  });
  servers.push(s);
  return s;
}

const servers: StandIn[] = [];
const clients: LiveClient[] = [];
function client(url: string, storage = new MemoryStorage(), more: { reload?: () => void } = {}): LiveClient {
  const c = new LiveClient({ token: 't', url, storage, retryRefusedMs: 100, configRetryMs: 20, ...more });
  clients.push(c);
  return c;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  for (const s of servers.splice(0)) await s.close();
});

describe('LiveClient: applying the log', () => {
  it('applies events at seq = last + 1 only, and asks for a resync on a gap', async () => {
    let resyncs = 0;
    const s = await server((socket) => {
      socket.emit('snapshot', snapshot(smallProvince()));
      socket.emit('events', { epoch: 'e1', events: [note(1), note(2), note(2)] });
      socket.emit('events', { epoch: 'e1', events: [note(4)] });
      socket.on('resync', () => (resyncs += 1));
    });
    const c = client(s.url);
    void c.start();
    await until(() => resyncs === 1);
    expect(c.getView().projection?.seq).toBe(2);
    expect(c.getView().projection?.notes.map((n) => n.text)).toEqual(['note 1', 'note 2']);
  });

  it("applies events to a display's projection (snapshot.encoded) and asks for a fresh snapshot for a day it does not hold", async () => {
    const catalog = catalogOf(smallProvince());
    const report = (seq: number, period: string, value: number): StoredEvent => ({ id: `r${seq}`, type: 'indicator.reported', unit: 'a', indicator: 'total', value, period, at: AT, seq, receivedAt: AT, by: 't' });
    // The server's projection: a report 40 days ago (outside what a display holds) and one today.
    const full = createProjection(catalog);
    for (const e of [report(1, '2024-02-22', 5), report(2, '2024-04-02', 7)]) apply(catalog, full, e);
    const encoded = () => {
      const { state: _state, ...head } = snapshot(smallProvince(), { seq: full.seq });
      return { ...head, state: Buffer.from(JSON.stringify(displayProjection(catalog, full, Date.parse(AT)))) };
    };
    let resyncs = 0;
    const s = await server((socket) => {
      socket.emit('snapshot.encoded', encoded());
      socket.on('resync', () => {
        resyncs += 1;
        socket.emit('snapshot.encoded', encoded());
      });
      // A correction to the old day: the display cannot apply it alone.
      const correction = report(3, '2024-02-22', 6);
      apply(catalog, full, correction);
      socket.emit('events', { epoch: 'e1', events: [correction] });
    });
    const c = client(s.url);
    void c.start();
    await until(() => resyncs === 1 && c.getView().projection?.display?.stale === undefined);
    const shown = c.getView().projection!;
    // The fresh snapshot shows the corrected total, and every item and unit the config names.
    expect([shown.seq, shown.totals.total!['2024']!.a, Object.keys(shown.items).sort(), Object.keys(shown.units).sort()]).toEqual([3, 13, ['m1', 't1'], ['a', 'b', 'dic']]);
  });

  it('keeps the last state in storage with its versions, so the next start draws before it connects', async () => {
    const storage = new MemoryStorage();
    const s = await server((socket) => {
      socket.emit('snapshot', snapshot(smallProvince()));
      socket.emit('events', { epoch: 'e1', events: [note(1)] });
    });
    const c = client(s.url, storage);
    void c.start();
    await until(() => c.getView().projection?.seq === 1);
    c.save();
    c.stop();
    const saved = JSON.parse(storage.getItem(SAVED_KEY)!) as { projectionVersion: number; configVersion: string };
    expect(saved.projectionVersion).toBe(PROJECTION_VERSION);
    expect(saved.configVersion).toBe(fingerprint(smallProvince()));
    const offline = client('http://127.0.0.1:1', storage);
    void offline.start();
    await until(() => offline.getView().projection?.seq === 1);
    expect(offline.getView().epoch).toBe('e1');
    // The banner's "data as of" is when the saved state was last current, not the epoch of time.
    expect(Date.now() - offline.getView().lastContact).toBeLessThan(60_000);
    expect(freshnessOf(offline.getView(), Date.now(), 60_000).kind).toBe('disconnected');
  });
});

describe('LiveClient: versions of the config and the projection', () => {
  /** Storage holding a state saved after note 1, with the given versions. */
  async function savedState(patch: Record<string, unknown>): Promise<MemoryStorage> {
    const storage = new MemoryStorage();
    const s = await server((socket) => {
      socket.emit('snapshot', snapshot(smallProvince()));
      socket.emit('events', { epoch: 'e1', events: [note(1)] });
    });
    const c = client(s.url, storage);
    void c.start();
    await until(() => c.getView().projection?.seq === 1);
    c.save();
    c.stop();
    storage.setItem(SAVED_KEY, JSON.stringify({ ...JSON.parse(storage.getItem(SAVED_KEY)!), ...patch }));
    return storage;
  }

  it('never draws a saved state of another projection version', async () => {
    const storage = await savedState({ projectionVersion: PROJECTION_VERSION + 1 });
    const offline = client('http://127.0.0.1:1', storage);
    void offline.start();
    await until(() => offline.getView().configError !== null);
    expect(offline.getView().projection).toBeNull();
    expect(storage.getItem(SAVED_KEY)).toBeNull();
  });

  it('drops a saved state made under another config once the server says which config is in force, and asks for a snapshot', async () => {
    const storage = await savedState({ configVersion: 'another-config' });
    let resyncs = 0;
    let socketOf: StandInSocket | null = null;
    const s = await server((socket) => {
      socketOf = socket;
      socket.on('resync', () => (resyncs += 1));
    });
    const c = client(s.url, storage);
    // Drawn at once from the browser, before the server has said anything.
    void c.start();
    expect(c.getView().projection?.seq).toBe(1);
    await until(() => c.getView().configVersion === fingerprint(smallProvince()));
    expect(c.getView().projection).toBeNull();
    expect(storage.getItem(SAVED_KEY)).toBeNull();
    await until(() => resyncs === 1);
    socketOf!.emit('snapshot', snapshot(smallProvince(), { seq: 5 }));
    await until(() => c.getView().projection?.seq === 5);
    expect(c.getView().projection?.notes).toEqual([]);
  });

  it('fetches the config again when a snapshot carries another config version, then applies the snapshot', async () => {
    let config = smallProvince();
    let socketOf: StandInSocket | null = null;
    const s = await server(
      (socket) => {
        socketOf = socket;
        socket.emit('snapshot', snapshot(config));
      },
      () => config,
    );
    const c = client(s.url);
    void c.start();
    await until(() => c.getView().projection !== null);
    const fetchesBefore = s.requests.filter((r) => r.startsWith('/api/v1/config')).length;
    config = smallProvince({ unitName: 'Thị xã A' });
    socketOf!.emit('snapshot', snapshot(config, { seq: 3 }));
    await until(() => c.getView().projection?.seq === 3);
    expect(c.getView().catalog?.units.get('a')?.name.vi).toBe('Thị xã A');
    expect(c.getView().configVersion).toBe(fingerprint(config));
    expect(s.requests.filter((r) => r.startsWith('/api/v1/config')).length).toBe(fetchesBefore + 1);
  });

  it('says so and keeps retrying when the config cannot be fetched and nothing is saved', async () => {
    let failures = 4;
    const s = await server((socket) => socket.emit('snapshot', snapshot(smallProvince())), undefined, { configStatus: () => (failures-- > 0 ? 503 : 200) });
    const c = client(s.url);
    const started = c.start();
    await until(() => c.getView().configError === 'store_unavailable');
    expect(freshnessOf(c.getView(), Date.now(), 60_000).kind).toBe('no_config');
    await started;
    expect(s.requests.filter((r) => r.startsWith('/api/v1/config')).length).toBe(5);
    expect(c.getView().configError).toBeNull();
    await until(() => c.getView().projection !== null);
  });

  it('reloads once when the server derives another projection version, and neither applies nor keeps that state', async () => {
    let reloads = 0;
    const storage = new MemoryStorage();
    const s = await server((socket) => socket.emit('snapshot', snapshot(smallProvince(), { projectionVersion: PROJECTION_VERSION + 1 })));
    const c = client(s.url, storage, { reload: () => (reloads += 1) });
    void c.start();
    await until(() => reloads === 1);
    expect(c.getView().projection).toBeNull();
    c.save();
    expect(storage.getItem(SAVED_KEY)).toBeNull();
  });
});

describe('LiveClient: connection and heartbeats', () => {
  it('reloads the page once when the server speaks another protocol version, never in a loop', async () => {
    let reloads = 0;
    const s = await server(() => {}, undefined, { refuse: 'protocol_mismatch' });
    const c = client(s.url, new MemoryStorage(), { reload: () => (reloads += 1) });
    void c.start();
    await until(() => reloads === 1);
    // The client keeps asking (as a reloaded page would) but reloads only once a minute.
    await until(() => s.handshakes() >= 3);
    expect(reloads).toBe(1);
    expect(c.getView().status).toBe('disconnected');
  });

  it('connects again by itself after its server sends a "disconnect" (a failed admission, a slow client cut off)', async () => {
    let connects = 0;
    const s = await server((socket) => {
      connects += 1;
      socket.emit('snapshot', snapshot(smallProvince()));
      if (connects === 1) setTimeout(() => socket.disconnect(true), 50);
    });
    const c = client(s.url);
    void c.start();
    await until(() => connects === 2 && c.getView().status === 'live');
  });

  it('stops and says so when the token is refused', async () => {
    const s = await server(() => {}, undefined, { refuse: 'unauthorized' });
    const c = client(s.url);
    void c.start();
    await until(() => c.getView().status === 'unauthorized');
    expect(freshnessOf(c.getView(), Date.now(), 60_000).kind).toBe('unauthorized');
  });

  it("follows the node's heartbeat: store unavailable at once, current again when the store answers and nothing is behind", async () => {
    let socketOf: StandInSocket | null = null;
    const s = await server((socket) => {
      socketOf = socket;
      socket.emit('heartbeat', heartbeat());
      socket.emit('snapshot', snapshot(smallProvince()));
    });
    const c = client(s.url);
    void c.start();
    await until(() => c.getView().projection !== null && c.getView().status === 'live');
    expect(freshnessOf(c.getView(), Date.now(), 60_000).kind).toBe('current');
    const before = c.getView().lastContact;
    socketOf!.emit('heartbeat', heartbeat({ store: 'unavailable' }));
    await until(() => c.getView().health?.store === 'unavailable');
    const down = freshnessOf(c.getView(), Date.now(), 60_000);
    expect(down).toEqual({ kind: 'store_unavailable', since: before });
    socketOf!.emit('heartbeat', heartbeat({ behind: 3, head: 3 }));
    await until(() => c.getView().health?.behind === 3);
    // Behind, but not for long yet: current; once behind for longer than the threshold: stale.
    expect(freshnessOf(c.getView(), Date.now(), 60_000).kind).toBe('current');
    expect(freshnessOf(c.getView(), c.getView().health!.behindSince! + 61_000, 60_000).kind).toBe('stale');
    socketOf!.emit('heartbeat', heartbeat());
    await until(() => c.getView().health?.behind === 0 && c.getView().lastContact > before);
    expect(freshnessOf(c.getView(), Date.now(), 60_000).kind).toBe('current');
  });

  it('goes stale when heartbeats stop, however often the transport pings', async () => {
    const s = await server((socket) => socket.emit('snapshot', snapshot(smallProvince())), undefined, { pingIntervalMs: 50 });
    const c = client(s.url);
    void c.start();
    await until(() => c.getView().projection !== null);
    const contact = c.getView().lastContact;
    // Several transport pings go by; none of them is news about the data.
    await new Promise((r) => setTimeout(r, 400));
    expect(c.getView().status).toBe('live');
    expect(c.getView().lastContact).toBe(contact);
    expect(freshnessOf(c.getView(), Date.now(), 300)).toEqual({ kind: 'stale', since: contact });
  });
});
