import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import type { Baseline } from './useBaseline';
import { timeAndDate } from '../../ui/format';
import { formatDate } from '@shared/format';

/** "Dữ liệu tính đến 14:32 02/04/2024 · sự kiện #2048 · so với giao ban 26/03/2024": on every slide and printed page. */
export function stampText(lang: Lang, state: { now: string; seq: number }, baseline: Baseline | null): string {
  const { t } = lang;
  const data = fill(t.b_stamp, { time: timeAndDate(Date.parse(state.now), lang), seq: state.seq });
  let compared = t.b_noBaseline;
  if (baseline?.mark) compared = fill(t.b_comparedMark, { date: formatDate(Date.parse(baseline.mark.at), t.locale, lang.timeZone), title: baseline.mark.title });
  else if (baseline) compared = fill(t.b_comparedSeq, { seq: baseline.seq, time: baseline.state ? timeAndDate(Date.parse(baseline.state.now), lang) : '…' });
  return `${data} · ${compared}`;
}
