import { memo, useMemo } from 'react';
import { ITEM_STATUSES, type StatusCounts } from '@shared/projection';
import type { Lang } from '../i18n/lang';
import { Chart } from '../ui/Chart';
import { NoData, Panel } from '../ui/Panel';
import { ITEM_COLOURS } from '../ui/theme';
import './panels.css';

/** The pilot models by status, with the overdue ones counted (from `countByStatus(state, 'model')`). */
export const Models = memo(function Models({ counts, lang }: { counts: StatusCounts; lang: Lang }) {
  const { t } = lang;
  const option = useMemo(
    () => ({
      animation: false,
      series: [
        {
          type: 'pie',
          radius: ['52%', '80%'],
          center: ['50%', '50%'],
          label: { show: false },
          data: ITEM_STATUSES.map((s) => ({ name: s, value: counts.byStatus[s], itemStyle: { color: ITEM_COLOURS[s] } })),
        },
      ],
    }),
    [counts],
  );
  return (
    <Panel title={`${t.models} (${counts.total})`} className="models" testId="models">
      {counts.total === 0 ? (
        <NoData text={t.noData} />
      ) : (
        <div className="models-body">
          <div className="donut">
            <Chart option={option} className="fill" label={t.models} />
            <div className="donut-centre">{counts.total}</div>
          </div>
          <ul className="legend">
            {ITEM_STATUSES.map((s) => (
              <li key={s} data-status={s}>
                <span className="swatch" style={{ background: ITEM_COLOURS[s] }} />
                <span className="legend-label">{t[`status_${s}`]}</span>
                <span className="legend-value">{counts.byStatus[s].toLocaleString(t.locale)}</span>
              </li>
            ))}
            <li className="legend-overdue">
              <span className="flag bad">{t.overdue}</span>
              <span className="legend-label" />
              <span className="legend-value">{counts.overdue}</span>
            </li>
          </ul>
        </div>
      )}
    </Panel>
  );
});
