import type { PlanSummary } from '@shared/briefing';
import { fill } from '../../../i18n';
import type { Lang } from '../../../i18n/lang';
import { GroupFlags } from '../../../panels/PlanGroups';
import { Bar } from '../../../ui/Bar';
import { dayDate, signed } from '../format';

/** The plan's groups: progress now over the baseline's, tasks done, overdue and at risk. */
export function PlanSlide({ plan, lang }: { plan: PlanSummary; lang: Lang }) {
  const { t, names } = lang;
  const doneChange = plan.doneBefore === null ? '' : ` (${signed(plan.done - plan.doneBefore, lang, 0)})`;
  return (
    <div className="b-plan">
      <div className="b-sub">{fill(t.tasksDone, { done: plan.done, total: plan.tasks }) + doneChange}</div>
      {plan.quarter.due > 0 && (
        <div className={`b-sub b-quarter ${plan.quarter.onTime < plan.quarter.due ? 'worse' : ''}`} data-testid="quarter">
          {fill(t.q_slide, { q: t.q_names.split(',')[plan.quarter.quarter - 1] ?? plan.quarter.quarter, year: plan.quarter.year, end: dayDate(plan.quarter.end, lang), due: plan.quarter.due, onTime: plan.quarter.onTime, late: plan.quarter.late, notDone: plan.quarter.notDone })}
        </div>
      )}
      <table className="b-table b-groups">
        <tbody>
          {plan.groups.map((g) => (
            <tr key={g.id} data-group={g.id}>
              <td className="b-wide">{names.group(g.id)}</td>
              <td className="b-bar-cell">
                <Bar percent={g.percent} before={g.percentBefore} />
              </td>
              <td className="b-num">{Math.round(g.percent)}%</td>
              <td className="b-num b-change">{g.percentBefore === null ? '' : signed(g.percent - g.percentBefore, lang, 1)}</td>
              <td className="b-num">{`${g.done}/${g.tasks}`}</td>
              <GroupFlags overdue={g.overdue} atRisk={g.atRisk} lang={lang} className="b-flags" as="td" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
