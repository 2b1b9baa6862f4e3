import type { UnitScore } from '@shared/briefing';
import { formatShare } from '@shared/format';
import { fill } from '../../../i18n';
import type { Lang } from '../../../i18n/lang';

const ROWS = 14;

/** The year-end emulation view: each unit's on-time delivery, online rate against target and reporting, weighted. */
export function ScorecardSlide({ scores, lang }: { scores: UnitScore[]; lang: Lang }) {
  const { t, names, catalog } = lang;
  const { weights, reportingDays } = catalog.config.briefing.scorecard;
  const share = (v: number | null) => (v === null ? '–' : formatShare(v, t.locale, 0));
  const scored = scores.filter((s) => s.score !== null);
  const shown = [...scored.slice(0, ROWS / 2), ...scored.slice(Math.max(ROWS / 2, scored.length - ROWS / 2))];
  return (
    <div className="b-scorecard">
      <div className="b-formula" data-testid="formula">
        {fill(t.b_scoreRules, { w1: weights.onTime.toLocaleString(t.locale), w2: weights.online.toLocaleString(t.locale), w3: weights.reporting.toLocaleString(t.locale), days: reportingDays, cutoff: catalog.config.scoring.cutoff })}
      </div>
      <div className="b-emulation" data-testid="emulation">
        {t.b_emulation}
      </div>
      <table className="b-table">
        <thead>
          <tr>
            <th className="b-num">#</th>
            <th className="b-wide">{t.b_unit}</th>
            <th className="b-num">{t.b_onTime}</th>
            <th className="b-num">{t.b_online}</th>
            <th className="b-num">{t.b_reportingTimely}</th>
            <th className="b-num">{t.b_score}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.unit} data-unit={s.unit}>
              <td className="b-num b-muted">{scored.indexOf(s) + 1}</td>
              <td className="b-wide">{names.unitShort(s.unit)}</td>
              <td className="b-num">{s.onTime.due ? `${s.onTime.done}/${s.onTime.due} · ${share(s.onTime.share)}` : '–'}</td>
              <td className="b-num">{s.online.rate === null ? '–' : `${formatShare(s.online.rate, t.locale)} · ${share(s.online.share)}`}</td>
              <td className="b-num" title={s.reporting.late ? fill(t.b_reportingLate, { n: s.reporting.late }) : undefined}>
                {`${s.reporting.days}/${s.reporting.of}`}
                {s.reporting.late > 0 && <span className="b-muted">{` (${fill(t.b_reportingLate, { n: s.reporting.late })})`}</span>}
              </td>
              <td className="b-num b-score">{s.score === null ? '–' : Math.round(s.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {scored.length > shown.length && <div className="more">{fill(t.b_scoreMore, { n: scored.length - shown.length })}</div>}
    </div>
  );
}
