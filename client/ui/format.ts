import { formatDate, formatTime } from '@shared/format';
import { fill, type Messages } from '../i18n';

// Times and durations as every screen writes them: one copy each, in the screen's language.

/** What a formatter needs of a screen's language. */
export interface Speaks {
  t: Messages;
  timeZone: string;
}

/** "just now", "42 s ago", "3 min ago", "2 h ago". */
export function ago(ms: number, t: Messages): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 10) return t.justNow;
  if (s < 60) return fill(t.secondsAgo, { n: s });
  if (s < 3600) return fill(t.minutesAgo, { n: Math.floor(s / 60) });
  return fill(t.hoursAgo, { n: Math.floor(s / 3600) });
}

/** 14:32 02/04/2024 in the province's time zone; `ms` or an ISO time. */
export function timeAndDate(at: number | string, lang: Speaks): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  return `${formatTime(ms, lang.t.locale, lang.timeZone)} ${formatDate(ms, lang.t.locale, lang.timeZone)}`;
}

/** A duration in hours as "3 ngày 4 giờ" / "3 d 4 h". */
export function duration(hours: number, lang: Speaks): string {
  const days = Math.floor(hours / 24);
  const rest = Math.floor(hours - days * 24);
  return days > 0 ? fill(lang.t.b_daysHours, { d: days, h: rest }) : fill(lang.t.b_hours, { h: rest });
}
