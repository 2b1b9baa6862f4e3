const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar day (`YYYY-MM-DD`) that instant `ms` falls on in `timeZone`. */
export function localDay(ms: number, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return formatter(timeZone).format(ms);
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

const dayStarts = new Map<string, number>();
/** Enough for every due date of a province's plan, in a few zones; past it the cache starts again. */
const DAY_STARTS_KEPT = 4_096;

/** The instant local midnight starts `day` in `timeZone` (exact for zones whose offset does not change that day). */
export function startOfLocalDay(day: string, timeZone: string): number {
  // Asked for every overdue item each time a screen derives its state: remembered.
  const key = `${day}|${timeZone}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return known;
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const start = utcMidnight - offsetMs(utcMidnight, timeZone);
  if (dayStarts.size >= DAY_STARTS_KEPT) dayStarts.clear();
  dayStarts.set(key, start);
  return start;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(ms: number, timeZone: string): number {
  // Building a DateTimeFormat costs far more than using one: keep one per zone.
  let format = partFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}
