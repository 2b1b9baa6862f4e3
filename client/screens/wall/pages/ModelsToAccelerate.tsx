import { memo, useMemo } from 'react';
import { willMissIds } from '@shared/briefing';
import { formatDate } from '@shared/format';
import type { ItemView, StateView } from '@shared/projection';
import { startOfLocalDay } from '@shared/time';
import type { Lang } from '../../../i18n/lang';
import { Bar } from '../../../ui/Bar';
import { ITEM_COLOURS } from '../../../ui/theme';
import { Panel } from '../../../ui/Panel';
import { TableHead } from '../../../ui/TableHead';

interface Row extends ItemView {
  id: string;
  willMiss: boolean;
}

/** Overdue first, then at risk or forecast to miss, then the rest; within each, the nearest due day first. */
function rank(r: Row): number {
  return r.overdue ? 0 : r.atRisk || r.willMiss ? 1 : r.status === 'done' ? 3 : 2;
}

/** The models the province asked every unit to accelerate (config `accelerate`), those at risk first. */
export const ModelsToAccelerate = memo(function ModelsToAccelerate({ state, lang }: { state: StateView; lang: Lang }) {
  const { t, names, catalog, timeZone } = lang;
  const willMiss = useMemo(() => willMissIds(catalog, state), [catalog, state]);
  const rows: Row[] = catalog.config.items
    .filter((i) => i.kind === 'model' && i.accelerate)
    .flatMap((i) => {
      const view = state.items[i.id];
      return view ? [{ ...view, id: i.id, willMiss: willMiss.has(i.id) }] : [];
    })
    .sort((a, b) => rank(a) - rank(b) || a.due.localeCompare(b.due));
  const behind = rows.filter((r) => rank(r) <= 1).length;
  return (
    <div className="page models-page">
      <Panel title={`${t.page_models} (${rows.length})`} className="accelerate" testId="accelerate-models">
        <div className="panel-sub">{`${t.m_behind}: ${behind}`}</div>
        <table className="accelerate-table">
          <TableHead columns={[t.m_model, t.lead, t.m_status, t.m_progress, t.c_due]} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-item={r.id} className={r.overdue ? 'overdue' : r.atRisk || r.willMiss ? 'at-risk' : ''}>
                <td className="acc-title">
                  {(r.overdue || r.atRisk || r.willMiss) && <span className={`flag ${r.overdue ? 'bad' : 'warn'}`}>{r.overdue ? t.overdue : r.willMiss ? t.willMiss : t.atRisk}</span>}
                  <span>{names.item(r.id)}</span>
                </td>
                <td className="acc-lead">{names.unitShort(r.lead)}</td>
                <td className="acc-status">
                  <span className="swatch" style={{ background: ITEM_COLOURS[r.status] }} />
                  {t[`status_${r.status}`]}
                </td>
                <td className="acc-progress">
                  <Bar percent={Math.round(r.percent)} colour={ITEM_COLOURS[r.status]} />
                  <span className="acc-percent">{Math.round(r.percent)}%</span>
                </td>
                {/* Noon of the due day: the date shown is that day in the province whatever the offset. */}
                <td className="acc-due">{formatDate(startOfLocalDay(r.due, timeZone) + 43_200_000, t.locale, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
});
