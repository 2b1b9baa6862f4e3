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

/** A clock time, e.g. 14:32, in a time zone. */
export function formatTime(ms: number, locale: string, timeZone: string, seconds = false): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' }).format(ms);
}

/** A date, e.g. 02/04/2024 in Vietnamese. */
export function formatDate(ms: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms);
}
