import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastQuarter, shownBeside } from '@shared/briefing';
import { scorecard } from '@shared/briefing/scorecard';
import { catalogOf } from '@shared/catalog';
import { parseCsv } from '@shared/csv/parse';
import { apply, createProjection, derive } from '@shared/projection';
import { localDay } from '@shared/time';
import { loadProvinceConfig } from '../config/load';
import { DEMO_START } from './clock';
import { demoHistory, RECOUNT } from './history';
import { DEMO_GAUGES, DOSSIERS_AT_CENTRE, DOSSIERS_OWN, dossierProfiles, dossiersSoFar, ONLINE_ONLY } from './profiles';

const catalog = catalogOf(loadProvinceConfig());
const { items } = catalog.config;
const tz = catalog.config.province.timeZone;
const today = localDay(DEMO_START, tz);

describe('the Nghệ An demo config tells the story of the 2 April 2024 review', () => {
  it('has 38 models (6 done, 20 in progress, 12 not started) and 51 tasks in 10 groups', () => {
    const count = (kind: string, status: string) => items.filter((i) => i.kind === kind && i.initial.status === status).length;
    expect(items.filter((i) => i.kind === 'model')).toHaveLength(38);
    expect([count('model', 'done'), count('model', 'in_progress'), count('model', 'not_started')]).toEqual([6, 20, 12]);
    const tasks = items.filter((i) => i.kind === 'task');
    expect(tasks.map((t) => t.id)).toEqual(Array.from({ length: 51 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`));
    expect(new Set(tasks.map((i) => i.group)).size).toBe(10);
    expect(catalog.config.units.filter((u) => u.kind === 'locality' && u.tile)).toHaveLength(21);
  });

  it('has exactly 10 tasks due by 31 March, none of them done on schedule on 2 April (overdue, or done late)', () => {
    const q1 = items.filter((i) => i.kind === 'task' && i.due <= '2024-03-31');
    expect(q1).toHaveLength(10);
    for (const task of q1) {
      const { status, at } = task.initial;
      if (status === 'done') expect(localDay(Date.parse(at!), tz) > task.due, `${task.id} done late`).toBe(true);
      else expect(today > task.due, `${task.id} overdue`).toBe(true);
    }
    expect(q1.filter((t) => t.initial.status === 'done').length).toBeGreaterThan(0);
    expect(q1.filter((t) => t.initial.status !== 'done').length).toBeGreaterThan(0);
  });

  it('shows that story on the screens: Q1 has 10 tasks due, none on time, 4 done late, 6 not done; scored late for their leads', () => {
    const state = derive(catalog, createProjection(catalog), DEMO_START);
    expect(lastQuarter(catalog, state)).toMatchObject({ year: 2024, quarter: 1, end: '2024-03-31', due: 10, onTime: 0, late: 4, notDone: 6 });
    const rows = Object.fromEntries(scorecard(catalog, state).map((r) => [r.unit, r]));
    // t01 and t03 (PPC office) are due: t01 done late, t03 overdue.
    expect(rows['ppc-office']?.onTime).toMatchObject({ done: 0, due: 2 });
  });

  it("flags one figure to check in the month's history: Quế Phong's online count of 29 March, sent again above that day's total", () => {
    const state = createProjection(catalog);
    let seq = 0;
    for (const post of demoHistory(catalog)) for (const event of post.events) apply(catalog, state, { ...event, seq: ++seq, receivedAt: new Date(post.at).toISOString(), by: 'demo' });
    const view = derive(catalog, state, DEMO_START);
    expect(view.alerts.filter((a) => a.kind === 'data_quality').map((a) => [a.id, a.subject])).toEqual([[`quality:${RECOUNT.unit}:online_rate:${RECOUNT.day}`, RECOUNT.unit]]);
    const day = (indicator: string) => state.counters[indicator]?.[RECOUNT.unit]?.[RECOUNT.day];
    expect(day('dossiers_online')).toBe(day('dossiers_total')! + RECOUNT.above);
  });

  it('dates every starting state no later than the review, and every done item when it was done', () => {
    for (const item of items) {
      expect(item.initial.at, item.id).toBeDefined();
      expect(Date.parse(item.initial.at!)).toBeLessThanOrEqual(DEMO_START);
    }
  });

  it("carries the IOC's legal basis as a task of group g06 led by DIC with police, the PPC office and VNPT", () => {
    const ioc = items.find((i) => i.kind === 'task' && /IOC/.test(i.title.vi ?? '') && !i.illustrative);
    expect(ioc).toMatchObject({ group: 'g06', lead: 'dic', support: ['police', 'ppc-office', 'vnpt'] });
    expect(ioc?.title.en).toMatch(/legal/);
  });

  it('names the models as the source does and leaves no English in Vietnamese titles', () => {
    expect(catalog.items.get('m01')).toMatchObject({ lead: 'dic', title: { en: 'Deploying 53 essential public services' } });
    expect(catalog.items.get('m05')?.title.vi).toBe('Nền tảng quản lý lưu trú tại nhà nghỉ, nhà khách, khách sạn và nhà trọ');
    expect(catalog.items.get('m09')?.title.vi).toBe('Bảo đảm điều kiện công dân số');
    expect(catalog.items.get('m10')?.title.vi).toBe('Chuẩn hóa xác thực tập trung');
    for (const id of ['t33', 't34', 't35', 't36', 't37']) {
      expect(catalog.items.get(id)?.title.vi).toMatch(/công nghệ thông tin/);
      expect(catalog.items.get(id)?.title.vi).not.toMatch(/\bIT\b/i);
      expect(catalog.items.get(id)?.title.en).toMatch(/\bIT infrastructure\b/);
    }
  });

  it('starts its gauges where the example progress CSV says the models are', () => {
    const csv = parseCsv(new Uint8Array(readFileSync(new URL('./examples/progress.csv', import.meta.url))));
    const m01 = csv.table.records.find((r) => r.cells[0] === 'm01')!;
    const [deployed, of] = /(\d+)\/(\d+)/.exec(m01.cells[3]!)!.slice(1).map(Number);
    expect([deployed, of]).toEqual([DEMO_GAUGES.essential_services.value, 53]);
    expect(Number(m01.cells[2])).toBe(Math.round((100 * deployed!) / of!));
    expect(catalog.items.get('m01')?.initial.percent).toBe(Number(m01.cells[2]));
    expect(catalog.items.get('m02')?.initial.percent).toBe(Math.round((100 * DEMO_GAUGES.paperless_services.value) / 20));
  });
});

describe('the demo counts each dossier once, and splits online dossiers where units can', () => {
  const profiles = dossierProfiles(catalog);
  const reporting = new Set(profiles.map((p) => p.unit));

  it('has the service centre report the dossiers of the departments it receives for, and those departments none', () => {
    expect(reporting.has('pas-centre')).toBe(true);
    for (const unit of DOSSIERS_AT_CENTRE) expect(reporting.has(unit), unit).toBe(false);
    for (const unit of DOSSIERS_OWN) expect(reporting.has(unit), unit).toBe(true);
    expect(DOSSIERS_AT_CENTRE.filter((u) => (DOSSIERS_OWN as readonly string[]).includes(u))).toEqual([]);
  });

  it('gives full-process + partial = online for units that split them, and online alone for the others', () => {
    for (const p of profiles) {
      const d = dossiersSoFar(p, '2024-04-02', 1);
      if (ONLINE_ONLY.has(p.unit)) expect([d.full, d.partial]).toEqual([null, null]);
      else expect(d.full! + d.partial!, p.unit).toBe(d.online);
      expect(d.online).toBeLessThanOrEqual(d.total);
    }
    expect(profiles.some((p) => ONLINE_ONLY.has(p.unit))).toBe(true);
  });

  it('has the indicators DOMAIN.md names: both counters, parts on dossiers_online, and the full-process rate over the units that report it', () => {
    expect(catalog.indicators.get('dossiers_online')).toMatchObject({ parts: ['dossiers_online_full', 'dossiers_online_partial'] });
    expect(catalog.indicators.get('online_full_rate')).toMatchObject({ kind: 'ratio', numerator: 'dossiers_online_full', denominator: 'dossiers_total', denominatorScopes: 'numerator', headline: true });
    expect(shownBeside(catalog).get('online_rate')).toBe('online_full_rate');
  });
});
