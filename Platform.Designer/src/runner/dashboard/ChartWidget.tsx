import type { AggregateRow, WidgetDefinition } from './DashboardDefinition';
import { EChart } from './EChart';
import { chartData, sliceData, type GroupLabel } from './widgetData';

/** Bar, line, pie and funnel charts of a widget's rows; a click drills into the clicked group (values per group-by). */
export function ChartWidget({ widget, rows, label, measureLabel, onDrill }: {
  widget: WidgetDefinition; rows: AggregateRow[]; label: GroupLabel; measureLabel: (m: number) => string; onDrill: (values: unknown[]) => void;
}) {
  const q = widget.query;
  if (widget.chart === 'pie' || widget.chart === 'funnel') {
    const items = sliceData(rows, q, label, widget.chart === 'funnel');
    const option = {
      tooltip: { trigger: 'item' },
      legend: { type: 'scroll', bottom: 0 },
      series: [widget.chart === 'pie'
        ? { type: 'pie', radius: ['35%', '65%'], data: items, name: measureLabel(0) }
        : { type: 'funnel', sort: 'descending', left: '10%', width: '80%', bottom: 30, data: items, name: measureLabel(0), label: { show: true, position: 'inside' } }],
    };
    return <div data-testid="chart" data-chart={widget.chart}><EChart option={option} onPick={(i) => onDrill([items[i]?.key])} /></div>;
  }
  const data = chartData(rows, q, label, measureLabel);
  const twoGroups = (q.groupBy?.length ?? 0) > 1;
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: data.categories },
    // Measures after the first (an order count beside an amount) get their own scale on the right.
    yAxis: twoGroups || data.series.length < 2 ? { type: 'value' } : [{ type: 'value' }, { type: 'value', splitLine: { show: false } }],
    series: data.series.map((s, i) => ({
      type: widget.chart === 'line' ? 'line' : 'bar', name: s.name, data: s.data,
      stack: twoGroups && widget.chart === 'bar' ? 'all' : undefined, yAxisIndex: !twoGroups && i > 0 ? 1 : 0,
    })),
  };
  return (
    <div data-testid="chart" data-chart={widget.chart} data-categories={data.categories.join('|')}>
      <EChart option={option} onPick={(i, s) => onDrill(data.seriesKeys ? [data.keys[i], data.seriesKeys[s]] : [data.keys[i]])} />
    </div>
  );
}

