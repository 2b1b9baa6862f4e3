import { memo, useMemo } from 'react';
import { formatShare } from '@shared/format';
import type { DayPoint } from '@shared/projection';
import type { Lang } from '../i18n/lang';
import { Chart } from '../ui/Chart';
import { NoData, Panel } from '../ui/Panel';
import { colours } from '../ui/theme';
import './panels.css';

/** A share indicator's daily value over the last days, with its target line (from `dailyTrend`). */
export const Trend = memo(function Trend({ points, indicator, lang }: { points: DayPoint[]; indicator: string; lang: Lang }) {
  const { t, catalog } = lang;
  const target = catalog.indicators.get(indicator)?.target;
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 150, right: 60, top: 40, bottom: 70 },
      xAxis: { type: 'category', data: points.map((p) => `${p.day.slice(8, 10)}/${p.day.slice(5, 7)}`), axisLabel: { color: colours.muted, fontSize: 30 }, axisLine: { lineStyle: { color: colours.axis } } },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { color: colours.muted, fontSize: 30, formatter: (v: number) => formatShare(v, t.locale, 0) },
        splitLine: { lineStyle: { color: colours.track } },
      },
      series: [
        {
          type: 'line',
          data: points.map((p) => p.value),
          connectNulls: false,
          symbolSize: 14,
          lineStyle: { width: 6, color: colours.accent },
          itemStyle: { color: colours.accent },
          ...(target !== undefined ? { markLine: { silent: true, symbol: 'none', data: [{ yAxis: target }], lineStyle: { color: colours.ok, width: 4, type: 'dashed' }, label: { color: colours.ok, fontSize: 30, position: 'insideEndTop', formatter: `${t.target} ${formatShare(target, t.locale, 0)}` } } } : {}),
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
});
