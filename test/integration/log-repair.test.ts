import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type SnapshotMessage } from '@shared/protocol';
import { loadProvinceConfig } from '../../server/config/load';
import { runLog } from '../helpers/cli';
import { freePort, spawnServer, waitFor, type ServerProcess } from '../helpers/process';

const TOKEN = 'log-repair-admin-token-0123456789abcdef';
const TOTAL = 100_000;
/** The seq whose line the disk damages in case (a). */
const LOST = 50_001;
const HOUR = 3_600_000;
const root = mkdtempSync(join(tmpdir(), 'ioc-log-repair-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = loadProvinceConfig();
const UNITS = config.units.map((u) => u.id);
const ITEMS = config.items.map((i) => ({ id: i.id, lead: i.lead }));
// Events arrive 3.6 s apart over the last 100 hours, so `?at=` an hour back lands 1,000 events earlier.
const T0 = Date.now() - 110 * HOUR;
const receivedAt = (seq: number) => new Date(T0 + seq * 3_600).toISOString();
const EPOCH = 'log-repair-epoch';
/** A day no other event reports on: the lost event's count is the only one for it. */
const LOST_DAY = new Date(T0 - 48 * HOUR).toISOString().slice(0, 10);

/** Event `seq` as the store would have written it: counts from every unit, task progress, notes. */
function stored(seq: number): Record<string, unknown> {
  const at = receivedAt(seq);
  const base = { id: `e-${seq}`, at };
  const meta = { seq, receivedAt: at, by: 'producer-token' };
  const kind = seq % 10;
  if (seq === LOST) return { ...base, type: 'indicator.reported', unit: UNITS[0], indicator: 'dossiers_total', value: 4242, period: LOST_DAY, ...meta };
  if (kind < 6) {
    const indicator = kind % 2 ? 'dossiers_total' : 'dossiers_online';
    const value = indicator === 'dossiers_total' ? 100 + (seq % 97) : 60 + (seq % 37);
    return { ...base, type: 'indicator.reported', unit: UNITS[seq % UNITS.length], indicator, value, period: at.slice(0, 10), ...meta };
  }
  if (kind < 9) {
    const item = ITEMS[seq % ITEMS.length]!;
    return { ...base, type: 'progress.reported', unit: item.lead, item: item.id, status: 'in_progress', percent: (seq % 99) + 1, ...meta };
  }
  return { ...base, type: 'note.posted', unit: UNITS[seq % UNITS.length], text: `note ${seq}`, severity: 'info', ...meta };
}

/** Event `seq` as a producer sends it. */
function producerEvent(seq: number): Record<string, unknown> {
  const { seq: _seq, receivedAt: _at, by: _by, ...event } = stored(seq);
  return event;
}
/** Where the events sent through the API start in case (a). */
const LIVE_FROM = 90_001;

/** The log file, written directly in the store's format (a header, then a stored event a line). */
const LOG = Buffer.from(
  `${JSON.stringify({ format: 'ioc-wall-log', version: 1, epoch: EPOCH, createdAt: new Date(T0).toISOString() })}\n` +
    Array.from({ length: TOTAL }, (_, i) => `${JSON.stringify(stored(i + 1))}\n`).join(''),
);
/** Line i + 1 of the file holds seq i (line 1 is the header). */
const LINES = LOG.toString('utf8').split('\n').slice(0, -1);

let folders = 0;
function folderWith(log: Buffer | string): string {
  const dir = mkdtempSync(join(root, `d${(folders += 1)}-`));
  writeFileSync(join(dir, 'events.log'), log);
  return dir;
}

async function get<T>(server: ServerProcess, path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

interface StateBody {
  epoch: string;
  seq: number;
  state: SnapshotMessage['state'];
}

/** What does not depend on the moment the state is derived at. */
function comparable({ seq, state: s }: { seq: number; state: SnapshotMessage['state'] }) {
  const map = <V, R>(o: Record<string, V>, f: (v: V) => R) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
  return { seq, counters: s.counters, totals: s.totals, gauges: s.gauges, items: map(s.items, (i) => [i.status, i.percent, i.updatedAt]), indicators: map(s.indicators, (i) => i.value), recent: s.recent.map((e) => e.seq) };
}

const lostCount = (state: SnapshotMessage['state']) => (state.counters.dossiers_total?.[UNITS[0]!] ?? {})[LOST_DAY];
/** The lines of a command's output that name a problem's place: `line 12 ...`, or `<day file> line 12 ...` in the archive. */
const problemLines = (output: string) => output.split('\n').filter((l) => /^(\S+\.ndjson\.gz )?line [\d,]+/.test(l));

describe('a repair that loses nothing it does not have to (100,000 events, real processes)', () => {
  it('(a) a few bytes overwritten in one line: one problem; the rest kept as it was; a display from before gets a snapshot', async () => {
    // The first 90,000 events in the file; the last 10,000 arrive through the API, so the follower saves snapshots of them (95,000 and 100,000).
    const dir = folderWith(`${LINES.slice(0, LIVE_FROM).join('\n')}\n`);
    const port = await freePort();
    const env = { IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: TOKEN };
    let server = await spawnServer(env, port);
    // A wall, connected before the fault, that resumes from (epoch, seq) as the real client does.
    let held: { epoch: string; seq: number; repairs?: number } | null = null;
    const snapshots: SnapshotMessage[] = [];
    const socket = connectSocket(server.url, {
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 500,
      auth: (cb) => cb({ token: TOKEN, protocol: PROTOCOL_VERSION, ...(held ? { epoch: held.epoch, seq: held.seq, ...(held.repairs ? { repairs: held.repairs } : {}) } : {}) }),
    });
    socket.on('snapshot', (m) => {
      snapshots.push(m);
      held = { epoch: m.epoch, seq: m.seq, ...(m.repairs ? { repairs: m.repairs } : {}) };
    });
    // Like the real client, it connects again after any close, also a server's "io server disconnect" (which Socket.IO does not retry on its own).
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => {
      reasons.push(reason);
      if (!socket.active) socket.connect();
    });
    socket.on('events', (m) => {
      for (const e of m.events) if (held && e.seq === held.seq + 1) held.seq = e.seq;
    });
    const before = new Date(Date.parse(receivedAt(LOST)) - HOUR).toISOString();
    let pastBefore: StateBody;
    try {
      for (let from = LIVE_FROM; from <= TOTAL; from += 500) {
        const events = Array.from({ length: 500 }, (_, i) => producerEvent(from + i));
        const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
        expect(res.status).toBe(202);
      }
      await waitFor(async () => held?.seq === TOTAL, 30_000, 'the wall to reach the head');
      expect(snapshots.map((m) => [m.epoch, m.seq])).toEqual([[EPOCH, LIVE_FROM - 1]]);
      // The wall applied the event that is about to be lost.
      expect(lostCount(snapshots[0]!.state)).toBe(4242);
      pastBefore = await get<StateBody>(server, `/api/v1/state?at=${encodeURIComponent(before)}`);
      expect(pastBefore.seq).toBe(LOST - 1_000);
      // The follower saved a snapshot every 5,000 events it received: both describe the lost event.
      await waitFor(async () => readdirSync(join(dir, 'snapshots', EPOCH)).some((f) => f.startsWith(`${TOTAL}-`)), 30_000, 'the snapshot at the head');
    } finally {
      await server.stop();
    }
    const original = readFileSync(join(dir, 'events.log'), 'utf8').split('\n').slice(0, -1);
    expect(original.length).toBe(TOTAL + 1);

    // A few bytes in the middle of the line of seq 50,001 overwritten.
    const path = join(dir, 'events.log');
    const bytes = readFileSync(path);
    const lineStart = original.slice(0, LOST).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    // Across the end of one field and the start of the next, as a bad sector would (bytes inside a string alone would still parse).
    bytes.write('#@!%', lineStart + original[LOST]!.indexOf('"type"') - 2);
    writeFileSync(path, bytes);

    const verified = await runLog(['verify'], { IOC_DATA_DIR: dir });
    expect(verified.code).toBe(1);
    expect(verified.output).toContain(`1 problem (1 damaged line); every other line is sound: events 1 to 100,000`);
    expect(problemLines(verified.output)).toEqual([expect.stringMatching(/^line 50,002 \(seq 50,001\): not valid JSON/)]);

    const repaired = await runLog(['repair'], { IOC_DATA_DIR: dir });
    expect(repaired.code, repaired.output).toBe(0);
    expect(repaired.output).toContain(`kept       every intact event as it was: 99,999 events up to seq 100,000, epoch ${EPOCH} unchanged`);
    expect(repaired.output).toContain('wrote      1 log.damaged event in place of what was lost (seq 50,001)');
    expect(repaired.output).toContain('removed    2 snapshots from seq 50,001 on: they no longer match the log');
    const after = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    expect(after.length).toBe(TOTAL + 1);
    // Every other line is byte for byte what it was: same seq, receivedAt, by, content; the header keeps the epoch.
    expect(after.filter((_, i) => i !== 0 && i !== LOST)).toEqual(original.filter((_, i) => i !== 0 && i !== LOST));
    expect(JSON.parse(after[0]!)).toMatchObject({ epoch: EPOCH, repairs: [{ seq: LOST }] });
    expect(JSON.parse(after[LOST]!)).toMatchObject({ seq: LOST, type: 'log.damaged', receivedAt: receivedAt(LOST - 1), by: 'server', line: LOST + 1 });
    expect((await runLog(['verify'], { IOC_DATA_DIR: dir })).output).toContain('no problems: events 1 to 100,000');

    server = await spawnServer(env, port);
    try {
      const page = await get<{ epoch: string; events: { seq: number; type: string; receivedAt: string }[] }>(server, `/api/v1/events?after=${LOST - 2}&limit=3`);
      expect(page.epoch).toBe(EPOCH);
      expect(page.events.map((e) => [e.seq, e.type, e.receivedAt])).toEqual([
        [LOST - 1, stored(LOST - 1).type, receivedAt(LOST - 1)],
        [LOST, 'log.damaged', receivedAt(LOST - 1)],
        [LOST + 1, 'indicator.reported', receivedAt(LOST + 1)],
      ]);
      // The wall reconnects by itself with (epoch, 100,000): a fresh snapshot of the same epoch, equal to the server's state.
      await waitFor(async () => snapshots.length === 2, 30_000, `a snapshot after the repair (disconnects: ${reasons.join(', ')})`);
      const fresh = snapshots[1]!;
      expect(fresh).toMatchObject({ epoch: EPOCH, seq: TOTAL, repairs: 1 });
      expect(lostCount(fresh.state)).toBeUndefined();
      const now = await get<StateBody>(server, '/api/v1/state');
      expect(comparable(fresh)).toEqual(comparable(now));
      // Time travel to an hour before the lost event: the state it had before the fault.
      expect(comparable(await get<StateBody>(server, `/api/v1/state?at=${encodeURIComponent(before)}`))).toEqual(comparable(pastBefore));
      // The audit shows the server-written event.
      const audit = await get<{ entries: { seq: number; who: { label: string }; event: { type: string; reason: string } }[] }>(server, `/api/v1/audit?type=log.damaged&before=${LOST + 1}&limit=1`);
      expect(audit.entries.map((e) => [e.seq, e.event.type, e.who.label])).toEqual([[LOST, 'log.damaged', 'the server']]);
      expect(audit.entries[0]!.event.reason).toMatch(/^not valid JSON/);
    } finally {
      socket.close();
      await server.stop();
    }
  }, 180_000);

  it('(b) a line duplicated: one problem; repair keeps all 100,000 events, each once', async () => {
    const lines = [...LINES.slice(0, 70_001), LINES[70_000]!, ...LINES.slice(70_001)];
    const dir = folderWith(`${lines.join('\n')}\n`);
    const verified = await runLog(['verify'], { IOC_DATA_DIR: dir });
    expect(verified.code).toBe(1);
    expect(problemLines(verified.output)).toEqual(['line 70,002 (seq 70,000): seq 70,000 stored a second time (first at line 70,001)']);
    expect(verified.output).toContain('1 problem (1 duplicate)');
    const repaired = await runLog(['repair'], { IOC_DATA_DIR: dir });
    expect(repaired.code, repaired.output).toBe(0);
    expect(repaired.output).toContain('kept       every intact event as it was: 100,000 events up to seq 100,000');
    expect(repaired.output).not.toContain('log.damaged');
    // The log is again exactly what was written: each of the 100,000 events once, in place.
    expect(readFileSync(join(dir, 'events.log'), 'utf8')).toBe(LOG.toString('utf8'));
    expect(readFileSync(join(repaired.output.match(/quarantine (\S+)/)![1]!), 'utf8')).toBe(`${LINES[70_000]}\n`);
  }, 90_000);

  it('(c) a torn last line: one problem; repair cuts it and keeps the rest as it was', async () => {
    const dir = folderWith(Buffer.concat([LOG, Buffer.from(JSON.stringify(stored(TOTAL + 1)).slice(0, 57))]));
    const verified = await runLog(['verify'], { IOC_DATA_DIR: dir });
    expect(verified.code).toBe(1);
    expect(problemLines(verified.output)).toEqual([expect.stringMatching(/^line 100,002: the last line is cut short \(57 bytes and no newline\)/)]);
    const repaired = await runLog(['repair'], { IOC_DATA_DIR: dir });
    expect(repaired.code, repaired.output).toBe(0);
    expect(repaired.output).toContain('line 100,002: cut: the last line is cut short');
    expect(readFileSync(join(dir, 'events.log'), 'utf8')).toBe(LOG.toString('utf8'));
    expect(existsSync(join(dir, 'repair'))).toBe(true);
  }, 90_000);

  it('(d) a damaged line in an archived day: reported with its file and line, mended the same way, read back by the server', async () => {
    // Events 1 to 200 archived in two day files, 201 to 300 in the live log (its header says firstSeq 201).
    const dir = folderWith(`${JSON.stringify({ format: 'ioc-wall-log', version: 1, epoch: EPOCH, createdAt: new Date(T0).toISOString(), firstSeq: 201 })}\n${LINES.slice(201, 301).join('\n')}\n`);
    const folder = join(dir, 'archive', EPOCH);
    mkdirSync(folder, { recursive: true });
    const dayLines = (first: number) => LINES.slice(first, first + 100);
    const days = [1, 101].map((first, i) => ({ day: `2024-04-0${i + 1}`, file: `2024-04-0${i + 1}.ndjson.gz`, first, last: first + 99, lastAt: Date.parse(receivedAt(first + 99)) }));
    const second = dayLines(101);
    second[49] = second[49]!.replace('","type":', '"#@!%type":');
    writeFileSync(join(folder, days[0]!.file), gzipSync(`${dayLines(1).join('\n')}\n`));
    writeFileSync(join(folder, days[1]!.file), gzipSync(`${second.join('\n')}\n`));
    writeFileSync(join(folder, 'index.json'), JSON.stringify({ format: 'ioc-wall-archive', version: 1, epoch: EPOCH, days: days.map((d) => ({ ...d, bytes: 1 })) }));

    const verified = await runLog(['verify'], { IOC_DATA_DIR: dir });
    expect(verified.code).toBe(1);
    expect(verified.output).toContain('1 problem (1 damaged line); every other line is sound: events 1 to 300');
    expect(problemLines(verified.output)).toEqual([expect.stringMatching(/^2024-04-02\.ndjson\.gz line 50 \(seq 150\): not valid JSON/)]);

    const repaired = await runLog(['repair'], { IOC_DATA_DIR: dir });
    expect(repaired.code, repaired.output).toBe(0);
    expect(repaired.output).toContain('2024-04-02.ndjson.gz line 50: seq 150 is now a log.damaged event');
    expect(repaired.output).toContain(`archive    mended 1 day file in ${folder}`);
    const mended = gunzipSync(readFileSync(join(folder, days[1]!.file))).toString('utf8').split('\n').slice(0, -1);
    expect(mended.filter((_, i) => i !== 49)).toEqual(second.filter((_, i) => i !== 49));
    expect(JSON.parse(mended[49]!)).toMatchObject({ seq: 150, type: 'log.damaged', file: days[1]!.file, line: 50, receivedAt: receivedAt(149) });
    expect((await runLog(['verify'], { IOC_DATA_DIR: dir })).output).toContain('no problems: events 1 to 300');

    const server = await spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: TOKEN });
    try {
      const page = await get<{ events: { seq: number; type: string }[] }>(server, '/api/v1/events?after=148&limit=3');
      expect(page.events.map((e) => [e.seq, e.type])).toEqual([
        [149, stored(149).type],
        [150, 'log.damaged'],
        [151, stored(151).type],
      ]);
      // A producer cannot write one: the type is the server's.
      const forged = await fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ id: 'forged', type: 'log.damaged', unit: UNITS[0], at: receivedAt(300), reason: 'x', bytes: 1, quarantine: 'q' }] }),
      });
      expect(forged.status).toBe(400);
      expect(JSON.stringify(await forged.json())).toContain('log.damaged is written by the server only');
    } finally {
      await server.stop();
    }
  }, 90_000);
});
