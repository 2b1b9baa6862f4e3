import { useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts';

/** One ECharts instance for the life of the element; disposed on unmount so a wall running for weeks does not leak. */
export function Chart({ option, className, label }: { option: EChartsCoreOption; className?: string; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: false, lazyUpdate: true });
  }, [option]);

  return <div ref={ref} className={className} role="img" aria-label={label} />;
}
