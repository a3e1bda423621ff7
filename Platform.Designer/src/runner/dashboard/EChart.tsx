// The ES module build: the CommonJS one (lib/) reaches the browser as an object, not a component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only the chart kinds dashboards draw, so the runner's chunk stays small.
echarts.use([BarChart, LineChart, PieChart, FunnelChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** One echarts chart; `onPick` gets the data index of a clicked bar, point or slice. */
export function EChart({ option, onPick, height = 280 }: { option: EChartsCoreOption; onPick?: (dataIndex: number, seriesIndex: number) => void; height?: number }) {
  return (
    <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }}
      onEvents={onPick ? { click: (e: { dataIndex: number; seriesIndex?: number }) => onPick(e.dataIndex, e.seriesIndex ?? 0) } : undefined} />
  );
}
