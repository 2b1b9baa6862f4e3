import { memo, useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts';
import { FONT_FAMILY } from './theme';

/**
 * A chart draws at most this often: a change after a quiet spell at once, a burst's last one
 * at the end of the interval. A canvas redraw costs the page more than all its text does.
 */
export const CHART_REDRAW_MS = 5_000;

/**
 * One ECharts instance for the life of the element, disposed on unmount so a screen running
 * for weeks does not leak; drawn again when `option` changes (pass a memoized one), at most
 * once every CHART_REDRAW_MS.
 */
export const Chart = memo(function Chart({ option, className, label, renderer = 'canvas' }: { option: EChartsCoreOption; className?: string; label: string; renderer?: 'canvas' | 'svg' }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const latest = useRef(option);
  const drawn = useRef<{ option: EChartsCoreOption | null; at: number; timer: ReturnType<typeof setTimeout> | null }>({ option: null, at: 0, timer: null });
  latest.current = option;

  const draw = () => {
    const state = drawn.current;
    state.timer = null;
    const instance = chart.current;
    if (!instance || state.option === latest.current) return;
    state.option = latest.current;
    state.at = Date.now();
    instance.setOption(latest.current, { notMerge: false, lazyUpdate: true });
  };

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer });
    chart.current = instance;
    instance.setOption({ textStyle: { fontFamily: FONT_FAMILY } });
    draw();
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    // A canvas does not redraw by itself when the web font arrives: draw again once it has.
    void document.fonts?.ready.then(() => {
      if (!instance.isDisposed()) instance.setOption(latest.current, { notMerge: false, lazyUpdate: true });
    });
    const state = drawn.current;
    return () => {
      if (state.timer) clearTimeout(state.timer);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      state.option = null;
    };
    // draw() reads refs only; a chart is made again only if its renderer changes (it never does in practice).
  }, [renderer]);

  useEffect(() => {
    const state = drawn.current;
    if (state.timer) return;
    const wait = state.at + CHART_REDRAW_MS - Date.now();
    if (wait <= 0) draw();
    else state.timer = setTimeout(draw, wait);
  }, [option]);

  return <div ref={ref} className={className} role="img" aria-label={label} />;
});
