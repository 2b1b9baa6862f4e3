import { timeAndDate } from '../../ui/format';
import type { OwnItem, ReportGaps } from '@shared/projection/selectors-unit';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import { TableHead } from '../../ui/TableHead';

const dayText = (_lang: Lang, day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const fullDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** The items the unit leads, with their state and lateness; a link opens each in the progress form. */
export function OwnItems({ lang, items, onPick }: { lang: Lang; items: OwnItem[]; onPick: (id: string) => void }) {
  const { t, names } = lang;
  if (!items.length) return <p className="muted">{t.c_noItems}</p>;
  return (
    <table className="console-table stack" data-testid="own-items">
      <TableHead columns={[t.c_item, t.c_status, t.c_percent, t.c_due, '']} />
      <tbody>
        {items.map((i) => (
          <tr key={i.id} data-item={i.id} className={i.overdue ? 'late' : i.atRisk ? 'risk' : ''}>
            <td>
              <button type="button" className="link" onClick={() => onPick(i.id)}>
                {i.id}
              </button>{' '}
              {names.item(i.id)}
            </td>
            <td>{t[`status_${i.status}`]}</td>
            <td className="num">{Math.round(i.percent)}%</td>
            <td>{fullDay(i.due)}</td>
            <td>
              {i.overdue && <span className="flag bad">{fill(t.c_daysLate, { n: i.daysLate })}</span>}
              {i.atRisk && <span className="flag warn">{t.atRisk}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The daily counts still missing this week and this month, and when the unit last reported. */
export function Gaps({ lang, gaps, lastReportAt, silent }: { lang: Lang; gaps: ReportGaps[]; lastReportAt: string | null; silent: boolean }) {
  const { t, names } = lang;
  const list = (days: string[]) => (days.length ? days.map((d) => dayText(lang, d)).join(', ') : t.c_none);
  return (
    <div data-testid="gaps">
      <p className={silent ? 'flag-line bad' : 'flag-line'} data-testid="last-report">
        {lastReportAt
          ? fill(t.c_lastReport, { time: timeAndDate(lastReportAt, lang) })
          : t.c_neverReported}
        {silent ? ` — ${t.c_silent}` : ''}
      </p>
      <table className="console-table">
        <TableHead columns={[t.c_indicator, t.c_missingWeek, t.c_missingMonth]} />
        <tbody>
          {gaps.map((g) => (
            <tr key={g.indicator} data-indicator={g.indicator}>
              <td>{names.indicator(g.indicator)}</td>
              <td>{list(g.missingWeek)}</td>
              <td>{g.missingMonth.length > 10 ? fill(t.c_daysCount, { n: g.missingMonth.length }) : list(g.missingMonth)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
