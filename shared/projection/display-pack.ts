import type { Catalog } from '../catalog';
import { UTC_ISO } from '../time';
import type { ItemStatus } from '../config';
import { mapValues, packByUnit, unpackByUnit, type ByUnit } from './display-scopes';
import type { ItemProgress } from './progress';

type DayMap = Record<string, Record<string, number>>;
interface UnitSeen {
  lastReportAt: string | null;
}
interface GaugeValue {
  value: number;
  at: string;
}

/**
 * The parts of a display's projection (state.ts's `Projection`, spelt out here so that the two
 * modules do not import each other) that `unpackParts` rebuilds; `items` is already what the
 * display gets (items at their planned start left out).
 */
export interface Parts {
  items: Record<string, ItemProgress>;
  units: Record<string, UnitSeen>;
  gauges: Record<string, Record<string, GaugeValue>>;
  counters: Record<string, DayMap>;
  reportedOwn: Record<string, DayMap>;
  totals: Record<string, DayMap>;
}

/**
 * The bulky parts of a display's snapshot (display.ts), packed: for the nation (3,355 units, 6,642
 * tasks) they are most of its bytes as maps keyed by id with ISO times. Each map keyed by unit is
 * an array in the config's units order (display-scopes.ts); items are an array in the config's
 * items order; times are milliseconds before `base`, in base 36. The display has the same config
 * (its fingerprint is in the snapshot's head), so `unpackParts` rebuilds every part exactly: a time
 * not in the UTC ISO form the reducer writes, which would not come back the same, stays as it was.
 */
export interface PackedParts {
  /** Epoch ms the times count back from: the latest event's arrival. */
  base: number;
  /** Per item of the config: 0 at its planned start (`restoreDisplay` rebuilds it), a packed string (`packItem`), or the progress as it is. */
  items: (0 | string | ItemProgress)[];
  /** Each unit's `lastReportAt`; units that never reported are left out. */
  units: ByUnit<string, UnitSeen>;
  /** Gauge id -> each scope's latest value and its time. */
  gauges: Record<string, ByUnit<[number, string], GaugeValue>>;
  /** Counter id -> day -> each scope's value (`counters` and `reportedOwn` turned day first). */
  counters: Record<string, Record<string, ByUnit<number, number>>>;
  reportedOwn: Record<string, Record<string, ByUnit<number, number>>>;
  /** Indicator id -> window -> each scope's running total (the province's `*` in `rest`). */
  totals: Record<string, Record<string, ByUnit<number, number>>>;
}

/**
 * The epoch ms of `iso` when it is in the UTC ISO form the reducer writes, so that `isoOf` gives
 * it back the same; null otherwise. Days past the 28th may not exist in their month (`Date.parse`
 * reads 30 February as 1 March): only those are checked by writing them back.
 */
function exactMs(iso: string): number | null {
  if (!UTC_ISO.test(iso)) return null;
  const ms = Date.parse(iso);
  const day = (iso.charCodeAt(8) - 48) * 10 + iso.charCodeAt(9) - 48;
  return day <= 28 || new Date(ms).toISOString() === iso ? ms : null;
}

/** `iso` as base-36 ms before `base`; null when it is not in the UTC ISO form and would not come back the same. */
export function packTime(iso: string, base: number): string | null {
  const ms = exactMs(iso);
  return ms === null ? null : (base - ms).toString(36);
}

/** Zero-padded numbers, for writing times back: 00 to 59, 000 to 999. */
const TWO = Array.from({ length: 60 }, (_, n) => `${n}`.padStart(2, '0'));
const THREE = Array.from({ length: 1_000 }, (_, n) => `${n}`.padStart(3, '0'));
const DAY_MS = 86_400_000;
const days = new Map<number, string>();
/** `new Date(ms).toISOString()` for the years 0000 to 9999, each day's part written once: a snapshot's tens of thousands of times fall on a few dozen days. */
function isoOf(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    // A wall runs for weeks: the days it remembers stay few.
    if (days.size >= 1_000) days.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    days.set(day, date);
  }
  const t = ms - day * DAY_MS;
  return `${date}${TWO[Math.floor(t / 3_600_000)]}:${TWO[Math.floor(t / 60_000) % 60]}:${TWO[Math.floor(t / 1_000) % 60]}.${THREE[t % 1_000]}Z`;
}

const timeAt = (code: string, base: number) => base - parseInt(code, 36);

const STATUS: Record<ItemStatus, string> = { not_started: 'n', in_progress: 'i', done: 'd', blocked: 'b' };
const STATUS_OF = new Map(Object.entries(STATUS).map(([status, code]) => [code, status as ItemStatus]));

/**
 * An item's progress as one string: its status letter and percent, `updatedAt`, then each earlier
 * history point, newest first, as the ms before the point after it and its percent, comma
 * separated; a note, when there is one, after a `|`. The latest point is `updatedAt` and the
 * percent, so it is not repeated. Null when the progress has another form (an undated start, a
 * time not in the UTC ISO form): it is then sent as it is.
 */
export function packItem(progress: ItemProgress, base: number): string | null {
  const { history, updatedAt } = progress;
  const last = history[history.length - 1];
  if (updatedAt === null || !last || last.at !== updatedAt || last.percent !== progress.percent) return null;
  let after = exactMs(updatedAt);
  if (after === null) return null;
  const parts = [`${STATUS[progress.status]}${progress.percent}`, (base - after).toString(36)];
  for (let i = history.length - 2; i >= 0; i--) {
    const ms = exactMs(history[i]!.at);
    if (ms === null) return null;
    parts.push((after - ms).toString(36), `${history[i]!.percent}`);
    after = ms;
  }
  return parts.join(',') + (progress.note !== undefined ? `|${progress.note}` : '');
}

/** The progress again from `packItem`'s string. */
export function unpackItem(code: string, base: number): ItemProgress {
  const bar = code.indexOf('|');
  const parts = (bar < 0 ? code : code.slice(0, bar)).split(',');
  const percent = Number(parts[0]!.slice(1));
  let at = timeAt(parts[1]!, base);
  const history = [{ at: isoOf(at), percent }];
  for (let i = 2; i + 1 < parts.length; i += 2) {
    at = timeAt(parts[i]!, at);
    history.push({ at: isoOf(at), percent: Number(parts[i + 1]) });
  }
  history.reverse();
  const progress: ItemProgress = { status: STATUS_OF.get(parts[0]![0]!)!, percent, updatedAt: history[history.length - 1]!.at, history };
  if (bar >= 0) progress.note = code.slice(bar + 1);
  return progress;
}

/** scope -> day -> value, turned day -> scope -> value (and back: the same function). */
function transpose(map: DayMap): DayMap {
  const out: DayMap = {};
  for (const [outer, inner] of Object.entries(map)) for (const [key, value] of Object.entries(inner)) (out[key] ??= {})[outer] = value;
  return out;
}

const same = (value: number) => value;

/** `parts` packed, times counted back from `base` (epoch ms). */
export function packParts(catalog: Catalog, parts: Parts, base: number): PackedParts {
  const byDay = (map: Parts['counters']) => mapValues(map, (scopes) => mapValues(transpose(scopes), (day) => packByUnit(catalog, day, same)));
  const reported: Parts['units'] = {};
  for (const [id, unit] of Object.entries(parts.units)) if (unit.lastReportAt !== null) reported[id] = unit;
  return {
    base,
    items: catalog.config.items.map((item) => {
      const progress = parts.items[item.id];
      return progress ? (packItem(progress, base) ?? progress) : 0;
    }),
    units: packByUnit(catalog, reported, (unit) => (unit.lastReportAt === null ? null : packTime(unit.lastReportAt, base))),
    gauges: mapValues(parts.gauges, (scopes) =>
      packByUnit(catalog, scopes, (gauge): [number, string] | null => {
        const at = packTime(gauge.at, base);
        return at === null ? null : [gauge.value, at];
      }),
    ),
    counters: byDay(parts.counters),
    reportedOwn: byDay(parts.reportedOwn),
    totals: mapValues(parts.totals, (windows) => mapValues(windows, (scopes) => packByUnit(catalog, scopes, same))),
  };
}

/** The parts again from their packed form: items at their planned start and units that never reported stay out (`restoreDisplay` adds them). */
export function unpackParts(catalog: Catalog, packed: PackedParts): Parts {
  const { base } = packed;
  const byScope = (map: PackedParts['counters']) => mapValues(map, (days) => transpose(mapValues(days, (scopes) => unpackByUnit(catalog, scopes, same))));
  const items: Parts['items'] = {};
  packed.items.forEach((entry, i) => {
    if (entry !== 0) items[catalog.config.items[i]!.id] = typeof entry === 'string' ? unpackItem(entry, base) : entry;
  });
  return {
    items,
    units: unpackByUnit(catalog, packed.units, (at) => ({ lastReportAt: isoOf(timeAt(at, base)) })),
    gauges: mapValues(packed.gauges, (scopes) => unpackByUnit(catalog, scopes, ([value, at]) => ({ value, at: isoOf(timeAt(at, base)) }))),
    counters: byScope(packed.counters),
    reportedOwn: byScope(packed.reportedOwn),
    totals: mapValues(packed.totals, (windows) => mapValues(windows, (scopes) => unpackByUnit(catalog, scopes, same))),
  };
}
