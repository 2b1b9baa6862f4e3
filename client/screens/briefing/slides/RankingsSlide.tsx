import type { RankRow } from '@shared/briefing';
import { formatIndicatorValue } from '@shared/format';
import type { IndicatorConfig } from '@shared/config';
import type { Lang } from '../../../i18n/lang';
import { rankMove, signed } from '../format';

function Ranked({ title, rows, indicator, lang, testId }: { title: string; rows: RankRow[]; indicator: IndicatorConfig; lang: Lang; testId: string }) {
  const { t, names } = lang;
  const percent = indicator.format === 'percent';
  return (
    <div className="b-ranking" data-testid={testId}>
      <h2>{`${title} · ${names.indicator(indicator.id)}`}</h2>
      {rows.length === 0 ? (
        <div className="b-none">{t.noData}</div>
      ) : (
        <table className="b-table">
          <tbody>
            {rows.map((r) => (
              <tr key={r.unit} data-unit={r.unit} data-rank={r.rank ?? ''}>
                <td className="b-num b-muted">{r.rank ?? '–'}</td>
                <td className="b-wide">{names.unitShort(r.unit)}</td>
                <td className="b-num">{r.value === null ? t.noData : formatIndicatorValue(indicator, r.value, t.locale)}</td>
                <td className="b-num b-change">{r.change === null ? '' : `${signed(r.change, lang, 1)}${percent ? ` ${t.b_points}` : ''}`}</td>
                <td className={`b-num b-move ${r.move === null ? '' : r.move > 0 ? 'better' : r.move < 0 ? 'worse' : ''}`} data-testid="rank-move">
                  {rankMove(r.move)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Localities and agencies ranked by the online rate, with their movement in rank since the baseline. */
export function RankingsSlide({ rankings, indicator, lang }: { rankings: { locality: RankRow[]; agency: RankRow[] }; indicator: IndicatorConfig | null; lang: Lang }) {
  const { t } = lang;
  if (!indicator) return <div className="b-none">{t.noData}</div>;
  return (
    <div className="b-columns two">
      <Ranked title={t.b_localities} rows={rankings.locality} indicator={indicator} lang={lang} testId="ranking-locality" />
      <Ranked title={t.b_agencies} rows={rankings.agency} indicator={indicator} lang={lang} testId="ranking-agency" />
    </div>
  );
}
