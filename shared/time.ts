/**
 * The shape of a time as `Date.prototype.toISOString` writes it in the years 0000 to 9999 (UTC,
 * milliseconds, `Z`), checked by shape only: a day past its month's end still matches.
 */
export const UTC_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

const QUARTER_HOUR = 900_000;
const MAX_REMEMBERED_DAYS = 8_192;
const days = new Map<string, Map<number, string>>();

/** The calendar day (`YYYY-MM-DD`) that instant `ms` falls on in `timeZone`. */
export function localDay(ms: number, timeZone: string): string {
  // Formatting costs microseconds and screens ask for thousands of days at once. Zones move in
  // steps of 15 minutes, so a quarter hour of UTC (checked at both ends) has one local day.
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let known = days.get(timeZone);
  if (!known) days.set(timeZone, (known = new Map()));
  const remembered = known.get(bucket);
  if (remembered !== undefined) return remembered;
  // en-CA formats as YYYY-MM-DD.
  const f = formatter(timeZone);
  // en-CA writes years before 1000 with fewer digits ("999-12-31"), which no date parser reads back.
  const day = f.format(ms).replace(/^(\d{1,3})-/, (_, y: string) => `${y.padStart(4, '0')}-`);
  if (f.format(bucket * QUARTER_HOUR) === day && f.format((bucket + 1) * QUARTER_HOUR - 1) === day) {
    if (known.size >= MAX_REMEMBERED_DAYS) known.clear();
    known.set(bucket, day);
  }
  return day;
}

/** The day after `day` (`YYYY-MM-DD`), by the calendar. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const dayStarts = new Map<string, Map<string, number>>();
/** Enough for every due date of a province's plan, per zone; past it that zone's cache starts again. */
const DAY_STARTS_KEPT = 4_096;

/** The instant local midnight starts `day` in `timeZone` (exact for zones whose offset does not change that day). */
export function startOfLocalDay(day: string, timeZone: string): number {
  // Asked for every overdue item each time a screen derives its state, and for every report's
  // cutoff: remembered per zone, then per day (no key to build per call).
  let known = dayStarts.get(timeZone);
  if (!known) dayStarts.set(timeZone, (known = new Map()));
  const remembered = known.get(day);
  if (remembered !== undefined) return remembered;
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const start = utcMidnight - offsetMs(utcMidnight, timeZone);
  if (known.size >= DAY_STARTS_KEPT) known.clear();
  known.set(day, start);
  return start;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(ms: number, timeZone: string): number {
  // Building a DateTimeFormat costs far more than using one: keep one per zone.
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The calendar year instant `ms` falls in, in `timeZone`: exact, and cheap away from New Year. */
export function localYear(ms: number, timeZone: string): string {
  const utc = new Date(ms);
  const month = utc.getUTCMonth();
  const day = utc.getUTCDate();
  // Offsets are within a day of UTC, so only 31 December and 1 January (UTC) can disagree.
  if ((month === 11 && day === 31) || (month === 0 && day === 1)) return localDay(ms, timeZone).slice(0, 4);
  return String(utc.getUTCFullYear());
}
