import { formatDate, formatTime } from '@shared/format';
import { startOfLocalDay } from '@shared/time';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';

/** A change as the slides show it: an arrow, a sign and the number, e.g. "▲ +8,5". */
export function signed(change: number, lang: Lang, digits = 1): string {
  const rounded = Number(change.toFixed(digits));
  const text = Math.abs(rounded).toLocaleString(lang.t.locale, { minimumFractionDigits: 0, maximumFractionDigits: digits });
  if (rounded === 0) return `= ${text}`;
  return rounded > 0 ? `▲ +${text}` : `▼ −${text}`;
}

/** A movement in rank: "▲2", "▼1" or "=". */
export function rankMove(move: number | null): string {
  if (move === null) return '';
  return move > 0 ? `▲${move}` : move < 0 ? `▼${-move}` : '=';
}

/** 14:32 02/04/2024 in the province's time zone. */
export function timeAndDate(ms: number, lang: Lang): string {
  return `${formatTime(ms, lang.t.locale, lang.timeZone)} ${formatDate(ms, lang.t.locale, lang.timeZone)}`;
}

/** A due day (YYYY-MM-DD) as a date: noon of that day, so the province's day whatever the offset. */
export function dayDate(day: string, lang: Lang): string {
  return formatDate(startOfLocalDay(day, lang.timeZone) + 43_200_000, lang.t.locale, lang.timeZone);
}

/** A duration in hours as "3 ngày 4 giờ" / "3 d 4 h". */
export function duration(hours: number, lang: Lang): string {
  const days = Math.floor(hours / 24);
  const rest = Math.floor(hours - days * 24);
  return days > 0 ? fill(lang.t.b_daysHours, { d: days, h: rest }) : fill(lang.t.b_hours, { h: rest });
}
