import type { Catalog } from '@shared/catalog';
import type { ItemConfig } from '@shared/config';
import type { IocEvent } from '@shared/events';
import { addDays, localDay, startOfLocalDay } from '@shared/time';
import { DEMO_START, HISTORY_START } from './clock';
import { DEMO_GAUGES, dossierEvents, dossierProfiles, dossiersSoFar, NOTES, reportsOn, unitRandom, type DossierProfile } from './profiles';

/** One write of the demo's past: a unit's batch (or the operator's, `unit` null) sent at simulated time `at`. */
export interface HistoryPost {
  at: number;
  unit: string | null;
  events: IocEvent[];
}

/** The weekly briefing before the story: the briefing's deltas start from it. */
export const LAST_BRIEFING = Date.parse('2024-03-26T08:30:00+07:00');
const HOUR = 3_600_000;
const SLOT = HOUR;
const DAY = 24 * HOUR;
/** The last report of the past is sent this long before the story starts. */
const LAST_REPORT = DEMO_START - 3 * HOUR;
/**
 * A figure to check: on Monday 1 April at 10:00 the one-stop system sends Quế Phong's online count
 * of Friday 29 March again, now with the dossiers filed online after the desk closed, which the
 * total the clerk reported the next morning left out (6 more than that total). The two arrive
 * separately, so both are stored and the day is flagged: "Kiểm tra số liệu này" on Quế Phong's
 * tile and a `data_quality` alert at the desk, until a correction makes them agree.
 */
export const RECOUNT = { unit: 'que-phong', day: '2024-03-29', sent: '2024-04-01', hours: 10, above: 6 };
/** Units late on purpose: Quế Phong reports the next morning, Tương Dương back-fills each week on Monday. */
const NEXT_MORNING = new Set(['que-phong']);
const MONDAY_BACKFILL = new Set(['tuong-duong']);

/**
 * The month before the demo's story, every write in time order: daily dossier reports per unit
 * (weekday and weekend shapes, a few units late on purpose), progress reports that end each
 * task and model at the state the config describes, service counts, a few notes, and the mark of
 * the weekly briefing of 26 March. The same catalog gives the same history, ids included, so a
 * history written twice stores nothing the second time.
 */
export function demoHistory(catalog: Catalog): HistoryPost[] {
  const tz = catalog.config.province.timeZone;
  const at = (day: string, hours: number) => startOfLocalDay(day, tz) + hours * HOUR;
  const firstDay = localDay(HISTORY_START, tz);
  const days = Array.from({ length: 30 }, (_, i) => addDays(firstDay, i));
  const posts: HistoryPost[] = [];

  for (const p of dossierProfiles(catalog)) {
    for (const day of days) {
      if (!reportsOn(p.unit, day)) continue;
      const when = reportTime(p.unit, day, at);
      const events = dossierEvents(p, day, 1, iso(when.at), (indicator) => `hist.${p.unit}.${day}.${indicator}`);
      posts.push({ at: Math.max(when.at, when.sent), unit: p.unit, events });
    }
  }
  // Progress is reported with the day's figures, at 16:00 (or the last write before the story).
  const afternoon = (t: number) => Math.min(at(localDay(t, tz), 16), LAST_REPORT);
  for (const item of catalog.config.items) posts.push(...progressPosts(item, at, afternoon));
  posts.push(...gaugePosts(days, at));
  posts.push(...recountPosts(dossierProfiles(catalog), at));
  NOTES.forEach(([text, severity], i) => {
    const units = ['dic', 'vinh', 'pas-centre', 'police', 'dien-chau', 'ky-son'];
    const unit = units[i % units.length]!;
    const t = at(days[3 + i * 4]!, 16);
    posts.push({ at: t, unit, events: [{ id: `hist.note.${i}`, unit, at: iso(t), type: 'note.posted', text, severity }] });
  });
  const desk = catalog.config.desk?.unit ?? catalog.config.units[0]!.id;
  posts.push({ at: LAST_BRIEFING, unit: null, events: [{ id: 'hist.briefing.2024-03-26', unit: desk, at: iso(LAST_BRIEFING), type: 'briefing.marked', title: 'Giao ban tuần 26/03/2024' }] });
  return posts
    .map(onSlot)
    .filter((p) => p.at < DEMO_START)
    .sort((a, b) => a.at - b.at || (a.events[0]!.id < b.events[0]!.id ? -1 : 1));
}

/**
 * Writes happen on the half hour (a unit's 16:10 report is stated and received at 16:00), so the
 * writes of one moment go to the server together and the month is written in a couple of seconds.
 */
function onSlot(post: HistoryPost): HistoryPost {
  const at = Math.floor(post.at / SLOT) * SLOT;
  return { at, unit: post.unit, events: post.events.map((e) => (Date.parse(e.at) > at ? { ...e, at: iso(at) } : e)) };
}

/** The one-stop system's recount of RECOUNT's day: an online figure above the day's total. */
function recountPosts(profiles: DossierProfile[], at: (day: string, hours: number) => number): HistoryPost[] {
  const p = profiles.find((u) => u.unit === RECOUNT.unit);
  if (!p) return [];
  const t = at(RECOUNT.sent, RECOUNT.hours);
  const value = dossiersSoFar(p, RECOUNT.day, 1).total + RECOUNT.above;
  return [{ at: t, unit: p.unit, events: [{ id: `hist.${p.unit}.${RECOUNT.day}.recount`, unit: p.unit, at: iso(t), type: 'indicator.reported', indicator: 'dossiers_online', value, period: RECOUNT.day }] }];
}

/** When a unit reports `day` (`at`, the time it states) and when the report is sent. */
function reportTime(unit: string, day: string, at: (day: string, hours: number) => number): { at: number; sent: number } {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const r = unitRandom(`${unit}:${day}:when`);
  if (MONDAY_BACKFILL.has(unit)) {
    const monday = addDays(day, ((8 - weekday) % 7) || 7);
    const t = Math.min(at(monday, 9 + r), LAST_REPORT);
    return { at: t, sent: t };
  }
  if (NEXT_MORNING.has(unit)) {
    const t = at(addDays(day, 1), 8 + 0.9 * r);
    return { at: t, sent: t };
  }
  // Weekends are quiet: a morning shift reports at noon. On weekdays the day's figures arrive
  // before the 17:00 cutoff, except now and then an evening report, late.
  const hours = weekend ? 11 + 0.9 * r : unitRandom(`${unit}:${day}:late`) < 0.05 ? 19 + 0.9 * r : 16 + 0.9 * r;
  return { at: at(day, hours), sent: at(day, hours) };
}

/** The progress reports that bring `item` from the start of the month to its state in the config. */
function progressPosts(item: ItemConfig, at: (day: string, hours: number) => number, afternoon: (t: number) => number): HistoryPost[] {
  const { status, percent } = item.initial;
  if (status === 'not_started') return [];
  const r = (k: string) => unitRandom(`${item.id}:hist:${k}`);
  const done = status === 'done' ? doneAt(item, at) : null;
  const given = initialAt(item);
  const last = done ?? (given !== null ? Math.min(given, LAST_REPORT) : HISTORY_START + (22 + 7 * r('last')) * DAY);
  const steps = 2 + Math.floor(3 * r('steps'));
  const from = Math.max(0, percent - 10 - 30 * r('from'));
  const posts: HistoryPost[] = [];
  const report = (t: number, k: string, body: { status: ItemConfig['initial']['status']; percent: number; note?: string }) => {
    // Sent with the afternoon's figures; a done report states when the item became done (before the month, for some).
    const sent = afternoon(Math.max(t, HISTORY_START));
    // One report per item and afternoon: the later one (closer to the item's state) stands.
    const same = posts.findIndex((p) => p.at === sent);
    if (same >= 0) posts.splice(same, 1);
    posts.push({ at: sent, unit: item.lead, events: [{ id: `hist.${item.id}.${k}`, unit: item.lead, at: iso(body.status === 'done' ? Math.min(t, sent) : sent), type: 'progress.reported', item: item.id, ...body }] });
  };
  if (done) {
    // An item that starts done (the projection holds the config's state from the log's start) gets
    // only its done report: an earlier "in progress" would read as reopening it.
    report(done, 'done', { status: 'done', percent: 100 });
    return posts;
  }
  // Rising reports through the month, then the state the config gives, at the time it gives.
  const begin = HISTORY_START + DAY;
  const end = Math.min(last, LAST_REPORT) - DAY;
  for (let k = 0; k < steps - 1 && end > begin; k++) {
    const t = begin + ((end - begin) * (k + r(`t${k}`) * 0.8)) / (steps - 1);
    report(t, `p${k}`, { status: 'in_progress', percent: Math.round(from + ((percent - from) * (k + 1)) / steps) });
  }
  report(last, `p${steps - 1}`, status === 'blocked' ? { status, percent, note: 'Chờ hướng dẫn kỹ thuật và kinh phí từ cấp trên' } : { status, percent });
  return posts;
}

/**
 * When a done item became done: the config's own `initial.at` when it gives one; a task due by
 * the end of March done late (the province's Q1 tasks were not done on schedule); anything else
 * within the month, by its due day.
 */
function doneAt(item: ItemConfig, at: (day: string, hours: number) => number): number {
  const given = initialAt(item);
  if (given !== null) return Math.min(given, LAST_REPORT);
  const r = unitRandom(`${item.id}:hist:done`);
  if (item.kind === 'task' && item.due <= '2024-03-31') return Math.min(LAST_REPORT, Math.max(at(item.due, 24 + 10), HISTORY_START + 2 * DAY) + (1 + 3 * r) * DAY);
  return Math.min(at(item.due, 16), HISTORY_START + (2 + 24 * r) * DAY);
}

/** Service counts rising through the month to the values the story starts from (DEMO_GAUGES). */
function gaugePosts(days: string[], at: (day: string, hours: number) => number): HistoryPost[] {
  const posts: HistoryPost[] = [];
  const steps = days.filter((_, i) => i % 3 === 1);
  steps.forEach((day, i) => {
    const f = (i + 1) / steps.length;
    const t = at(day, 16.5);
    const byUnit = new Map<string, IocEvent[]>();
    for (const [indicator, { unit, value }] of Object.entries(DEMO_GAUGES)) {
      // A month earlier the counts stood about a sixth lower.
      const event: IocEvent = { id: `hist.${indicator}.${day}`, unit, at: iso(t), type: 'indicator.reported', indicator, value: Math.round(value * (5 / 6 + f / 6)), period: day };
      byUnit.set(unit, [...(byUnit.get(unit) ?? []), event]);
    }
    for (const [unit, events] of byUnit) posts.push({ at: t, unit, events });
  });
  return posts;
}

/** The time the config dates an item's starting state at (`initial.at`), if it does. */
function initialAt(item: ItemConfig): number | null {
  return item.initial.at === undefined ? null : Date.parse(item.initial.at);
}

const iso = (t: number) => new Date(t).toISOString();
