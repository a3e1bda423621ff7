import { EChart } from './EChart';
import { heatmapData, type Pivot } from './widgetData';

/** Two group-bys as a grid of coloured cells (e.g. customer × month of overdue payments); a click opens the records of the cell. */
export function HeatmapWidget({ pivot, onDrill }: { pivot: Pivot; onDrill: (values: unknown[]) => void }) {
  const h = heatmapData(pivot);
  const option = {
    tooltip: { position: 'top' },
    grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: h.x, splitArea: { show: true } },
    yAxis: { type: 'category', data: h.y, splitArea: { show: true } },
    visualMap: { min: 0, max: h.max || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', data: h.cells.map((c) => c.value), label: { show: true } }],
  };
  return (
    <div data-testid="chart" data-chart="heatmap" data-categories={h.x.join('|')}>
      <EChart option={option} onPick={(i) => onDrill(h.cells[i]?.keys ?? [])} />
    </div>
  );
}
