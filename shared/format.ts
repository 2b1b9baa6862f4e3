import type { IndicatorConfig } from './config';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, f);
  }
  return f;
}

/** A count in the display locale: 1.250.000 in Vietnamese, 1,250,000 in English. */
export function formatCount(value: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A share (0..1) as a percentage with one decimal: 64,4 % in Vietnamese. */
export function formatShare(value: number, locale: string, digits = 1): string {
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** An indicator value as its config says to show it; null (no data) is the caller's to word. */
export function formatIndicatorValue(indicator: IndicatorConfig, value: number, locale: string): string {
  return indicator.format === 'percent' ? formatShare(value, locale) : formatCount(value, locale);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** One DateTimeFormat per (locale, zone, fields): building one costs far more than using it. */
function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    dateFormats.set(key, f);
  }
  return f;
}

/** A clock time, e.g. 14:32, in a time zone. */
export function formatTime(ms: number, locale: string, timeZone: string, seconds = false): string {
  return dateFormat(locale, timeZone, seconds ? TIME_WITH_SECONDS : TIME).format(ms);
}

/** A date, e.g. 02/04/2024 in Vietnamese. */
export function formatDate(ms: number, locale: string, timeZone: string): string {
  return dateFormat(locale, timeZone, DATE).format(ms);
}

/** A calendar day (`YYYY-MM-DD`) with its weekday, e.g. "Thứ Ba, 02/04/2024" in Vietnamese; null for anything else. */
export function formatDayWithWeekday(day: string, locale: string): string | null {
  const ms = /^\d{4}-\d\d-\d\d$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  return Number.isFinite(ms) ? dateFormat(locale, 'UTC', WEEKDAY_DATE).format(ms) : null;
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const TIME_WITH_SECONDS: Intl.DateTimeFormatOptions = { ...TIME, second: '2-digit' };
const DATE: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
const WEEKDAY_DATE: Intl.DateTimeFormatOptions = { ...DATE, weekday: 'long' };
