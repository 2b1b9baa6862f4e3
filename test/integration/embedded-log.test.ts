import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLog, runScript } from '../helpers/cli';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';

const TOKEN = 'embedded-log-admin-token-0123456789abcdef';
const root = mkdtempSync(join(tmpdir(), 'ioc-embedded-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
const freshDir = () => mkdtempSync(join(root, `d${(folders += 1)}-`));
const serverOn = (dir: string) => spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: TOKEN });

async function post(server: ServerProcess, events: Record<string, unknown>[]) {
  const res = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  return { status: res.status, body: (await res.json()) as { accepted: { id: string; seq: number }[]; duplicates: { id: string; seq: number }[] } };
}

async function get<T>(server: ServerProcess, path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface Page {
  epoch: string;
  events: { seq: number; id: string; unit: string; type: string; receivedAt: string; by: string }[];
  next: number;
}

async function allEvents(server: ServerProcess): Promise<Page['events']> {
  const events: Page['events'] = [];
  for (let after = 0; ; ) {
    const page = await get<Page>(server, `/api/v1/events?after=${after}&limit=1000`);
    events.push(...page.events);
    if (page.events.length < 1000) return events;
    after = page.next;
  }
}

/** Runs the server on `dir` expecting it to refuse to start. */
const startRefused = async (dir: string) => runScript('server/index.ts', [], { IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: TOKEN, PORT: String(await freePort()), HOST: '127.0.0.1' });

/** A varied working day: counts per unit and day, gauges, task progress, notes. */
function workingDay(n: number): Record<string, unknown>[] {
  const units = ['police', 'dic', 'health', 'justice', 'education', 'transport'];
  const at = '2024-04-02T10:00:00+07:00';
  return Array.from({ length: n }, (_, i) => {
    const unit = units[i % units.length]!;
    const id = `day-${i}`;
    switch (i % 5) {
      case 0:
        return { id, type: 'indicator.reported', unit, at, indicator: 'dossiers_online', value: 10 + (i % 17), period: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}` };
      case 1:
        return { id, type: 'indicator.reported', unit, at, indicator: 'dossiers_total', value: 40 + (i % 23), period: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}` };
      case 2:
        return { id, type: 'indicator.reported', unit: 'dic', at, indicator: 'essential_services', value: 20 + (i % 9), period: '2024-04-01', scope: 'dic' };
      case 3:
        return { id, type: 'progress.reported', unit: 'ppc-office', at, item: `t0${1 + (i % 5)}`, status: 'in_progress', percent: i % 100, note: `step ${i}` };
      default:
        return { id, type: 'note.posted', unit, at, text: `note ${i}`, severity: 'info' };
    }
  });
}

interface StateBody {
  seq: number;
  state: {
    counters: unknown;
    totals: unknown;
    gauges: unknown;
    notes: unknown;
    items: Record<string, { status: string; percent: number; note?: string; updatedAt: string | null }>;
    indicators: Record<string, { value: number | null; byScope: unknown }>;
    units: Record<string, { lastReportAt: string | null }>;
    recent: { seq: number; unit: string; id: string }[];
  };
}

describe('one server per data folder', () => {
  it('refuses a second server on the same folder, naming the folder and the holder, while the first keeps serving', async () => {
    const dir = freshDir();
    const first = await serverOn(dir);
    try {
      expect((await post(first, workingDay(3))).status).toBe(202);
      const second = await startRefused(dir);
      expect(second.code).toBe(1);
      expect(second.output).toContain(`${dir} is in use by another IOC Wall process: pid ${first.proc.pid}`);
      const after = await post(first, [{ id: 'after-refusal', type: 'note.posted', unit: 'dic', at: '2024-04-02T10:00:00+07:00', text: 'still here', severity: 'info' }]);
      expect(after).toMatchObject({ status: 202, body: { accepted: [{ seq: 4 }] } });
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  }, 60_000);

  it('lets the next server take the folder over after a SIGKILL, with every acknowledged event', async () => {
    const dir = freshDir();
    const first = await serverOn(dir);
    const acked = new Set<string>();
    let killed = false;
    try {
      // Eight writers keep posting; the server is killed while requests are in flight.
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; !killed; i++) {
          const id = `w${w}-${i}`;
          try {
            const res = await post(first, [{ id, type: 'note.posted', unit: 'dic', at: '2024-04-02T10:00:00+07:00', text: id, severity: 'info' }]);
            if (res.status === 202) acked.add(id);
          } catch {
            return;
          }
        }
      });
      while (acked.size < 200) await new Promise((r) => setTimeout(r, 10));
      await first.kill();
      killed = true;
      await Promise.all(writers);
    } finally {
      await first.stop();
    }
    const next = await serverOn(dir);
    try {
      const events = await allEvents(next);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const stored = new Set(events.map((e) => e.id));
      expect(stored.size).toBe(events.length);
      expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await next.stop();
    }
  }, 90_000);
});

describe('a log damaged by hand', () => {
  it('is reported damage by damage by verify, stops the start, and repair keeps every intact event where it was', async () => {
    const dir = freshDir();
    let server = await serverOn(dir);
    let before: StateBody;
    let beforeEvents: Page['events'];
    let epoch: string;
    try {
      const day = workingDay(300);
      for (let i = 0; i < day.length; i += 100) expect((await post(server, day.slice(i, i + 100))).status).toBe(202);
      before = await get<StateBody>(server, '/api/v1/state');
      beforeEvents = await allEvents(server);
      epoch = (await get<Page>(server, '/api/v1/events?after=0&limit=1')).epoch;
      expect(before.seq).toBe(300);
    } finally {
      await server.stop();
    }

    // Line 1 is the header, line 1 + s holds seq s: seq 100 written twice, seq 200 damaged, a torn tail.
    const path = join(dir, 'events.log');
    const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    const damaged = [...lines.slice(0, 101), lines[100]!, ...lines.slice(101, 200), '{"id":"half", "type":', ...lines.slice(201)];
    writeFileSync(path, `${damaged.join('\n')}\n{"id":"never-acknowledged","type":"note.po`);

    const verified = await runLog(['verify'], { IOC_DATA_DIR: dir });
    expect(verified.code).toBe(1);
    expect(verified.output).toContain('3 problems (1 duplicate, 1 damaged line, 1 torn last line); every other line is sound: events 1 to 300');
    expect(verified.output).toContain('line 102 (seq 100): seq 100 stored a second time (first at line 101)');
    expect(verified.output).toMatch(/line 202 \(seq 200\): not valid JSON/);
    expect(verified.output).toMatch(/line 303: the last line is cut short/);
    expect(verified.output).toContain('writes a log.damaged event at seq 200');

    const refused = await startRefused(dir);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`${path} is damaged at line 102`);
    expect(refused.output).toContain('npm run log -- verify');
    expect(refused.output).toContain('npm run log -- repair');
    expect(readFileSync(path, 'utf8')).toBe(`${damaged.join('\n')}\n{"id":"never-acknowledged","type":"note.po`);

    const repaired = await runLog(['repair'], { IOC_DATA_DIR: dir });
    expect(repaired.code, repaired.output).toBe(0);
    expect(repaired.output).toContain(`kept       every intact event as it was: 299 events up to seq 300, epoch ${epoch} unchanged`);
    expect(repaired.output).toContain('wrote      1 log.damaged event in place of what was lost (seq 200)');
    const quarantine = /quarantine (\S+quarantine\.ndjson)/.exec(repaired.output)?.[1];
    expect(quarantine, repaired.output).toBeDefined();
    expect((await runLog(['verify'], { IOC_DATA_DIR: dir })).code).toBe(0);

    server = await serverOn(dir);
    try {
      const after = await allEvents(server);
      expect(after.map((e) => e.seq)).toEqual(beforeEvents.map((e) => e.seq));
      expect(after.filter((e) => e.seq !== 200)).toEqual(beforeEvents.filter((e) => e.seq !== 200));
      expect(after[199]).toMatchObject({ seq: 200, type: 'log.damaged', unit: '_system', by: 'server' });
      // The lost event can be re-sent from quarantine: it comes back at a new seq; the second copy and the torn line are answered as such.
      const resent = await runLog(['resend', quarantine!, '--url', server.url, '--token', TOKEN]);
      expect(resent.code, resent.output).toBe(0);
      expect(resent.output).toContain('1 events: 0 stored, 1 already in the log (duplicates), 0 refused; 2 lines not events');
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('can be verified while a server holds the folder; repair refuses then', async () => {
    const dir = freshDir();
    const server = await serverOn(dir);
    try {
      expect((await post(server, workingDay(20))).status).toBe(202);
      const verified = await runLog(['verify'], { IOC_DATA_DIR: dir });
      expect(verified.code).toBe(0);
      expect(verified.output).toContain(`held by a running server, pid ${server.proc.pid}`);
      expect(verified.output).toContain('no problems: events 1 to 20');
      const repair = await runLog(['repair'], { IOC_DATA_DIR: dir });
      expect(repair.code).toBe(1);
      expect(repair.output).toContain(`refusing to repair while a server holds the folder. ${dir} is in use by another IOC Wall process: pid ${server.proc.pid}`);
      expect((await post(server, workingDay(21).slice(20))).status).toBe(202);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
