import { memo, useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts';
import { FONT_FAMILY } from './theme';

/**
 * One ECharts instance for the life of the element, disposed on unmount so a screen running
 * for weeks does not leak; redrawn only when `option` changes (pass a memoized one).
 */
export const Chart = memo(function Chart({ option, className, label }: { option: EChartsCoreOption; className?: string; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.setOption({ textStyle: { fontFamily: FONT_FAMILY } });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    // A canvas does not redraw by itself when the web font arrives: draw again once it has.
    void document.fonts?.ready.then(() => {
      if (!instance.isDisposed()) instance.setOption(latest.current, { notMerge: false, lazyUpdate: true });
    });
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
});
