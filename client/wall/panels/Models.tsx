import { useMemo } from 'react';
import type { ItemStatus } from '@shared/config';
import { Chart } from '../../charts/Chart';
import { useWall } from '../context';
import { NoData, Panel } from './Panel';

const ORDER: ItemStatus[] = ['done', 'in_progress', 'not_started', 'blocked'];
const COLOURS: Record<ItemStatus, string> = { done: '#22c55e', in_progress: '#38bdf8', not_started: '#64748b', blocked: '#a855f7' };

/** The pilot models by status, with the overdue ones counted. */
export function Models() {
  const { state, t, lang } = useWall();
  const models = Object.values(state.items).filter((i) => i.kind === 'model');
  const counts = ORDER.map((s) => models.filter((m) => m.status === s).length);
  const overdue = models.filter((m) => m.overdue).length;
  const option = useMemo(
    () => ({
      animation: false,
      series: [
        {
          type: 'pie',
          radius: ['52%', '80%'],
          center: ['50%', '50%'],
          label: { show: false },
          data: ORDER.map((s, i) => ({ name: s, value: counts[i], itemStyle: { color: COLOURS[s] } })),
        },
      ],
    }),
    // Redraw only when the counts change.
    [counts.join(',')],
  );
  return (
    <Panel title={`${t.models} (${models.length})`} className="models" testId="models">
      {models.length === 0 ? (
        <NoData text={t.noData} />
      ) : (
        <div className="models-body">
          <div className="donut">
            <Chart option={option} className="fill" label={t.models} />
            <div className="donut-centre">{models.length}</div>
          </div>
          <ul className="legend">
            {ORDER.map((s, i) => (
              <li key={s} data-status={s}>
                <span className="swatch" style={{ background: COLOURS[s] }} />
                <span className="legend-label">{t[`status_${s}`]}</span>
                <span className="legend-value">{counts[i]!.toLocaleString(lang)}</span>
              </li>
            ))}
            <li className="legend-overdue">
              <span className="flag bad">{t.overdue}</span>
              <span className="legend-label" />
              <span className="legend-value">{overdue}</span>
            </li>
          </ul>
        </div>
      )}
    </Panel>
  );
}
