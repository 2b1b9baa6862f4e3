import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@shared/events';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';

const DEMO_START = Date.parse('2024-04-02T14:00:00+07:00');
const dir = mkdtempSync(join(tmpdir(), 'ioc-demo-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the demo as `npm start` does (no admin token, embedded store in `dir`) and returns its admin token. */
async function startDemo(): Promise<{ server: ServerProcess; admin: string; ms: number }> {
  const started = Date.now();
  const server = await spawnServer({ IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: '', IOC_SIMULATE: '', IOC_SIM_RATE: '1' }, await freePort());
  // The links are printed once the history is written.
  while (!/admin: +http\S+#token=(\S+)/.test(server.output())) await new Promise((r) => setTimeout(r, 50));
  return { server, admin: /admin: +http\S+#token=(\S+)/.exec(server.output())![1]!, ms: Date.now() - started };
}

async function allEvents(url: string, token: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (let after = 0; ; ) {
    const res = await fetch(`${url}/api/v1/events?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { events: StoredEvent[]; next: number };
    out.push(...page.events);
    if (page.events.length < 1000) return out;
    after = page.next;
  }
}

describe('the demo with a past', () => {
  it('writes the month before 2 April 2024 at its own simulated times, marks the briefing of 26 March, and writes it once across a restart', async () => {
    const first = await startDemo();
    console.log(`demo start-up with its month of history: ${first.ms} ms`);
    let history: StoredEvent[];
    try {
      history = (await allEvents(first.server.url, first.admin)).filter((e) => e.id?.startsWith('hist.'));
      // No write of the month was refused (each refusal is logged as a warning).
      expect(first.server.output()).not.toContain('"msg":"demo history"');
      expect(history.length).toBeGreaterThan(3_000);
      const received = history.map((e) => Date.parse(e.receivedAt));
      expect(Math.min(...received)).toBeLessThan(Date.parse('2024-03-04T00:00:00+07:00'));
      expect(Math.max(...received)).toBeLessThan(DEMO_START);
      // Every event is received at its own time, not at the moment the demo started.
      for (const e of history) expect(Date.parse(e.receivedAt)).toBeGreaterThanOrEqual(Date.parse(e.at));
      const mark = history.find((e) => e.type === 'briefing.marked');
      expect(mark?.receivedAt.slice(0, 10)).toBe('2024-03-26');
      const vinhDays = new Set(history.filter((e) => e.type === 'indicator.reported' && e.unit === 'vinh' && e.indicator === 'dossiers_total').map((e) => (e.type === 'indicator.reported' ? e.period : '')));
      expect(vinhDays.size).toBe(30);
      // The history ends each task and model in the state the config describes for 2 April.
      const config = (await (await fetch(`${first.server.url}/api/v1/config`, { headers: { authorization: `Bearer ${first.admin}` } })).json()) as { items: { id: string; kind: string; initial?: { status: string } }[] };
      const last = new Map<string, string>();
      for (const e of history) if (e.type === 'progress.reported') last.set(e.item, e.status);
      const ended = (status: string) => config.items.filter((i) => i.kind === 'model' && (last.get(i.id) ?? 'not_started') === status).length;
      expect([ended('done'), ended('in_progress'), ended('not_started')]).toEqual([6, 20, 12]);
      for (const item of config.items) expect(last.get(item.id) ?? 'not_started', item.id).toBe(item.initial?.status ?? 'not_started');
    } finally {
      await first.server.stop();
    }

    const second = await startDemo();
    try {
      const again = (await allEvents(second.server.url, second.admin)).filter((e) => e.id?.startsWith('hist.'));
      expect(again.length).toBe(history.length);
    } finally {
      await second.server.stop();
    }
  }, 120_000);
});
