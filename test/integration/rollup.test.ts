import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HealthReportSchema } from '../../client/data/answers';
import { communeId, PROVINCES_2025, provinceDeploymentConfig, rollupConfig } from '../../server/config/national';
import { spawnServer, waitFor, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, api, issueToken } from '../helpers/server';

interface StateBody {
  state: {
    indicators: Record<string, { value: number | null; byScope: Record<string, { value: number | null }> }>;
    items: Record<string, { percent: number } | undefined>;
  };
}
interface Stored {
  seq: number;
  id?: string;
  type: string;
  unit: string;
  indicator?: string;
  period?: string;
  value?: number;
  item?: string;
  percent?: number;
}

const COUNTERS = ['dossiers_total', 'dossiers_online'] as const;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

async function state(url: string) {
  const res = await api(url, '/api/v1/state');
  return (res.body as unknown as StateBody).state;
}
const indicators = async (url: string) => (await state(url)).indicators;

/** A task the national config names with Huế as its lead, which Huế's own config has as a commune's task: its progress is forwarded. */
const NATIONAL_TASK = 'hue-c001-t1';

function nationalConfig() {
  const title = { vi: 'Nhiệm vụ quốc gia do Huế chủ trì (minh họa)', en: 'A national task led by Huế (illustrative)' };
  return { ...rollupConfig(), groups: [{ id: 'g1', name: title }], items: [{ id: NATIONAL_TASK, kind: 'task', group: 'g1', title, lead: 'hue', due: '2025-12-31' }] };
}

/** The task's progress as its commune reports it to Huế. */
async function progress(url: string, percent: number) {
  const res = await api(url, '/api/v1/events', { body: { events: [{ id: `task-${percent}`, type: 'progress.reported', unit: communeId('hue', 1), at: new Date().toISOString(), item: NATIONAL_TASK, status: 'in_progress', percent }] } });
  expect(res.status).toBe(202);
}

async function storedEvents(url: string): Promise<Stored[]> {
  return (((await api(url, '/api/v1/events?after=0&limit=1000')).body as unknown as { events: Stored[] }).events);
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

/** A commune's counts for today, written to its province as the commune's system would (here with the admin token). */
async function report(url: string, province: string, n: number, total: number, online: number, tag: string) {
  const unit = communeId(province, n);
  const at = new Date().toISOString();
  const events = [
    { id: `${tag}-t`, type: 'indicator.reported', unit, at, indicator: 'dossiers_total', value: total, period: today() },
    { id: `${tag}-o`, type: 'indicator.reported', unit, at, indicator: 'dossiers_online', value: online, period: today() },
    { id: `${tag}-g`, type: 'indicator.reported', unit, at, indicator: 'vneid_level2', value: total * 10, period: today() },
  ];
  const res = await api(url, '/api/v1/events', { body: { events } });
  expect(res.status).toBe(202);
}

describe('national roll-up', () => {
  it('three provinces report to the national deployment through its API; with the national node killed and restarted mid-day, its totals end equal to the sum of the provinces, with no report doubled', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ioc-rollup-'));
    const provinces = PROVINCES_2025.filter((p) => ['hue', 'lai-chau', 'dien-bien'].includes(p.id));
    const vnPrefix = testPrefix('rollup-vn');
    const redisProvincePrefix = testPrefix('rollup-prov');
    const servers: ServerProcess[] = [];
    try {
      writeFileSync(join(root, 'vn.json'), JSON.stringify(nationalConfig()));
      const nationalEnv = { REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: vnPrefix, IOC_CONFIG: join(root, 'vn.json'), IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' };
      let national = await spawnServer(nationalEnv);
      servers.push(national);
      const port = Number(new URL(national.url).port);

      // Each province holds a unit token at the national deployment, issued by its admin.
      const deployments: { id: string; server: ServerProcess; token: string }[] = [];
      for (const [i, p] of provinces.entries()) {
        writeFileSync(join(root, `${p.id}.json`), JSON.stringify(provinceDeploymentConfig(p)));
        const { token } = await issueToken(national.url, 'unit', p.id);
        // Two on the embedded store (the queue in a file), one on Redis (the queue in a key).
        const store: Record<string, string> = i < 2 ? { IOC_DATA_DIR: join(root, `data-${p.id}`) } : { REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: redisProvincePrefix };
        const server = await spawnServer({ ...store, IOC_CONFIG: join(root, `${p.id}.json`), IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0', IOC_UPSTREAM_URL: national.url, IOC_UPSTREAM_TOKEN: token, IOC_UPSTREAM_EVERY: '1' });
        servers.push(server);
        deployments.push({ id: p.id, server, token });
      }

      const sameAsProvinces = async () => {
        const vn = await indicators(national.url);
        for (const d of deployments) {
          const own = await indicators(d.server.url);
          for (const id of [...COUNTERS, 'vneid_level2']) if (vn[id]?.byScope[d.id]?.value !== own[id]?.value) return false;
        }
        return true;
      };

      // The morning: every province reports; a commune's count goes 100 -> 120 -> 100, each seen upstream.
      const [hue, laiChau, dienBien] = deployments as [(typeof deployments)[number], (typeof deployments)[number], (typeof deployments)[number]];
      for (const d of deployments) for (let n = 1; n <= 3; n++) await report(d.server.url, d.id, n, 10 * n, 5 * n, `${d.id}-${n}-a`);
      await report(hue.server.url, 'hue', 4, 100, 50, 'hue-4-a');
      await waitFor(sameAsProvinces, 30_000, 'the national totals to match the provinces');
      await report(hue.server.url, 'hue', 4, 120, 60, 'hue-4-b');
      await waitFor(async () => (await indicators(national.url)).dossiers_total?.byScope.hue?.value === 60 + 120, 30_000, 'Huế at 180');
      await report(hue.server.url, 'hue', 4, 100, 50, 'hue-4-c');
      await waitFor(sameAsProvinces, 30_000, 'Huế back at 160');

      // Items the national config names are forwarded too: the task Huế leads there.
      await progress(hue.server.url, 40);
      await waitFor(async () => (await state(national.url)).items[NATIONAL_TASK]?.percent === 40, 30_000, 'the task at 40% upstream');

      // Ids the nation already holds with other content (as a log that started again would
      // reuse them): the value is sent again under a new id, not dropped. The id Huế's next total
      // will have is known: its deployment, indicator, day, epoch tag, and the seq it is computed
      // at, one of the next batch's three (taken, all three, with an older `at`).
      const tag = (await storedEvents(national.url)).map((e) => /^hue:dossiers_total:[\d-]+:([\w-]{8}):\d+$/.exec(e.id ?? '')?.[1]).find(Boolean);
      expect(tag).toBeDefined();
      const head = Math.max(...(await storedEvents(hue.server.url)).map((e) => e.seq));
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const taken = [1, 2, 3].map((n) => ({ id: `hue:dossiers_total:${today()}:${tag!}:${head + n}`, type: 'indicator.reported', unit: 'hue', at: hourAgo, indicator: 'dossiers_total', value: n, period: today() }));
      expect((await api(national.url, '/api/v1/events', { token: hue.token, body: { events: taken } })).status).toBe(202);
      await report(hue.server.url, 'hue', 3, 45, 20, 'hue-3-b');
      await waitFor(async () => (await metric(hue.server.url, 'ioc_upstream_conflicts_total')) === 1 && sameAsProvinces(), 30_000, 'Huế at 175 upstream after the conflict');
      // The admin's health page counts it beside what was delivered (read as the page reads it, through its schema).
      const hueHealth = HealthReportSchema.parse((await api(hue.server.url, '/api/v1/health')).body).upstream;
      expect(hueHealth).toMatchObject({ resent: 1, dropped: 0 });
      expect(hueHealth!.delivered).toBeGreaterThan(0);

      // Midday: the national node dies; the provinces go on reporting into their queues.
      await national.kill();
      await report(laiChau.server.url, 'lai-chau', 5, 70, 30, 'lai-chau-5-a');
      await report(dienBien.server.url, 'dien-bien', 1, 15, 9, 'dien-bien-1-b');
      await report(hue.server.url, 'hue', 2, 33, 11, 'hue-2-b');
      await progress(hue.server.url, 60);
      await waitFor(async () => (await metric(laiChau.server.url, 'ioc_upstream_queue_events')) > 0 && (await metric(dienBien.server.url, 'ioc_upstream_queue_events')) > 0, 20_000, 'values queued while the upstream is down');
      // The health page says why, once the queued values' first delivery has failed (it may still be under way when the queue is seen).
      const upstreamHealth = async () => ((await api(laiChau.server.url, '/api/v1/health')).body as { upstream?: { queued: number; lagSeconds: number; lastError: string | null } }).upstream;
      await waitFor(async () => /unreachable/.test((await upstreamHealth())?.lastError ?? ''), 20_000, 'the health page to name the unreachable upstream');
      expect((await upstreamHealth())?.queued).toBeGreaterThan(0);

      national = await spawnServer(nationalEnv, port);
      servers.push(national);
      await report(laiChau.server.url, 'lai-chau', 6, 8, 8, 'lai-chau-6-a');
      await waitFor(async () => {
        for (const d of deployments) if ((await metric(d.server.url, 'ioc_upstream_queue_events')) !== 0) return false;
        return (await state(national.url)).items[NATIONAL_TASK]?.percent === 60 && sameAsProvinces();
      }, 60_000, 'every queue delivered and the national totals equal to the provinces');
      // Caught up: the health page says so (nothing queued, no lag, the outage's error gone once delivered).
      expect(await upstreamHealth()).toMatchObject({ queued: 0, lagSeconds: 0, lastError: null });

      const vn = await indicators(national.url);
      for (const id of [...COUNTERS, 'vneid_level2']) {
        let sum = 0;
        for (const d of deployments) sum += (await indicators(d.server.url))[id]!.value ?? 0;
        expect(vn[id]!.value).toBe(sum);
      }
      expect(vn.dossiers_total!.byScope.hue!.value).toBe(10 + 33 + 45 + 100);
      for (const d of deployments) expect(await metric(d.server.url, 'ioc_upstream_dropped_total')).toBe(0);

      // No report doubled: per (province, indicator, day), each stored report changes the value.
      const stored = await storedEvents(national.url);
      const events = stored.filter((e) => e.type === 'indicator.reported');
      const last = new Map<string, number>();
      const ids = new Set<string>();
      for (const e of events) {
        const key = `${e.unit}|${e.indicator}|${e.period}`;
        expect(last.get(key), `${key} reported ${e.value} twice in a row`).not.toBe(e.value);
        last.set(key, e.value!);
        expect(ids.has(`${e.unit}|${e.id}`)).toBe(false);
        ids.add(`${e.unit}|${e.id}`);
      }
      // Huế's commune went 100 -> 120 -> 100: Huế's total was reported 160, 180 and 160 again, one after the other.
      const hueTotals = events.filter((e) => e.unit === 'hue' && e.indicator === 'dossiers_total').map((e) => e.value);
      expect(hueTotals.join(' ')).toContain(`${60 + 100} ${60 + 120} ${60 + 100}`);
      // The task's progress went upstream once per change, though the nation was down for the second.
      expect(stored.filter((e) => e.type === 'progress.reported').map((e) => `${e.unit} ${e.item} ${e.percent}`)).toEqual([`hue ${NATIONAL_TASK} 40`, `hue ${NATIONAL_TASK} 60`]);
    } finally {
      await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
      await dropPrefix(vnPrefix);
      await dropPrefix(redisProvincePrefix);
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});
