// Only the chart types and components the screens use, so the bundle stays small.
import { LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

// The province's map draws as SVG: a few dozen areas, sharp at any wall size.
echarts.use([LineChart, PieChart, MapChart, GridComponent, MarkLineComponent, CanvasRenderer, SVGRenderer]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
