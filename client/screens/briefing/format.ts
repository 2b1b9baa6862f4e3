import { formatDate } from '@shared/format';
import { startOfLocalDay } from '@shared/time';
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

/** A due day (YYYY-MM-DD) as a date: noon of that day, so the province's day whatever the offset. */
export function dayDate(day: string, lang: Lang): string {
  return formatDate(startOfLocalDay(day, lang.timeZone) + 43_200_000, lang.t.locale, lang.timeZone);
}
