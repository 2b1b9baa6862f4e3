import { useMemo } from 'react';
import { dailyRatio } from '@shared/projection';
import { formatShare } from '@shared/format';
import { localDay } from '@shared/time';
import { Chart } from '../../charts/Chart';
import { useWall } from '../context';
import { NoData, Panel } from './Panel';

/** The province's daily online submission rate over the last 30 days, with the target line. */
export function Trend({ indicator = 'online_rate', days = 30 }: { indicator?: string; days?: number }) {
  const { catalog, state, t, now, timeZone } = useWall();
  const today = localDay(now, timeZone);
  const computed = dailyRatio(catalog, state, indicator, today, days);
  // Redraw the chart only when a point changed, not on every event.
  const key = computed.map((p) => `${p.day}=${p.value?.toFixed(4) ?? ''}`).join(',');
  const points = useMemo(() => computed, [key]);
  const target = catalog.indicators.get(indicator)?.target;
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 150, right: 60, top: 40, bottom: 70 },
      xAxis: { type: 'category', data: points.map((p) => `${p.day.slice(8, 10)}/${p.day.slice(5, 7)}`), axisLabel: { color: '#94a3b8', fontSize: 30 }, axisLine: { lineStyle: { color: '#334155' } } },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { color: '#94a3b8', fontSize: 30, formatter: (v: number) => formatShare(v, t.locale, 0) },
        splitLine: { lineStyle: { color: '#1e293b' } },
      },
      series: [
        {
          type: 'line',
          data: points.map((p) => (p.value === null ? null : Number(p.value.toFixed(4)))),
          connectNulls: false,
          symbolSize: 14,
          lineStyle: { width: 6, color: '#38bdf8' },
          itemStyle: { color: '#38bdf8' },
          ...(target !== undefined ? { markLine: { silent: true, symbol: 'none', data: [{ yAxis: target }], lineStyle: { color: '#22c55e', width: 4, type: 'dashed' }, label: { color: '#22c55e', fontSize: 30, position: 'insideEndTop', formatter: `${t.target} ${formatShare(target, t.locale, 0)}` } } } : {}),
        },
      ],
    }),
    [points, target, t],
  );
  const any = points.some((p) => p.value !== null);
  return (
    <Panel title={t.trend} className="trend" testId="trend">
      {any ? <Chart option={option} className="fill" label={t.trend} /> : <NoData text={t.noData} />}
    </Panel>
  );
}
