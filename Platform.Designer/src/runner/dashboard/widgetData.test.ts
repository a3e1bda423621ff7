import { describe, expect, it } from 'vitest';
import type { AggregateQuery } from './DashboardDefinition';
import { chartData, heatmapData, numberValue, pivotTable, rankingRows, sliceData, type GroupLabel } from './widgetData';

const names: Record<string, string> = { u1: '张三', u2: '李四', u3: '王五' };
const label: GroupLabel = (_g, v) => (v === null || v === undefined ? '（空）' : names[String(v)] ?? String(v));
const measureLabel = (i: number) => ['金额', '订单数'][i];

const byMonth: AggregateQuery = {
  filter: { field: 'counts_in_sales', op: 'eq', value: true },
  groupBy: [{ field: 'signed_on', bucket: 'month' }],
  measures: [{ op: 'sum', field: 'total', as: 'amount' }, { op: 'count', as: 'orders' }],
};

describe('dashboard widget data', () => {
  it('draws one bar series per measure along the first group-by, as the aggregate endpoint ordered it', () => {
    const rows = [{ 'signed_on:month': '2026-01', amount: 1200.5, orders: 2 }, { 'signed_on:month': '2026-02', amount: 300, orders: 1 }, { 'signed_on:month': null, amount: 0, orders: 4 }];
    expect(chartData(rows, byMonth, label, measureLabel)).toEqual({
      categories: ['2026-01', '2026-02', '（空）'],
      keys: ['2026-01', '2026-02', null],
      series: [{ name: '金额', data: [1200.5, 300, 0] }, { name: '订单数', data: [2, 1, 4] }],
    });
  });

  it('makes one series per value of a second group-by, with 0 where a pair has no rows', () => {
    const q: AggregateQuery = { groupBy: [{ field: 'signed_on', bucket: 'month' }, 'owner'], measures: [{ op: 'sum', field: 'total', as: 'amount' }] };
    const rows = [{ 'signed_on:month': '2026-01', owner: 'u1', amount: 10 }, { 'signed_on:month': '2026-01', owner: 'u2', amount: 20 }, { 'signed_on:month': '2026-02', owner: 'u2', amount: 5 }];
    const data = chartData(rows, q, label, measureLabel);
    expect(data.categories).toEqual(['2026-01', '2026-02']);
    expect(data.series).toEqual([{ name: '张三', data: [10, 0] }, { name: '李四', data: [20, 5] }]);
    expect(data.seriesKeys).toEqual(['u1', 'u2']);
  });

  it('reads a number card from the single row, and 0 when nothing matched', () => {
    const q: AggregateQuery = { measures: [{ op: 'sum', field: 'total' }] };
    expect(numberValue([{ sum_total: 4200 }], q)).toBe(4200);
    expect(numberValue([{ count: 7 }], {})).toBe(7);
    expect(numberValue([], q)).toBe(0);
  });

  it('sizes pie slices by the first measure and puts the largest funnel stage first', () => {
    const q: AggregateQuery = { groupBy: ['stage'], measures: [{ op: 'count' }] };
    const rows = [{ stage: 'a', count: 3 }, { stage: 'b', count: 9 }, { stage: 'c', count: 5 }];
    expect(sliceData(rows, q, label).map((s) => [s.name, s.value])).toEqual([['a', 3], ['b', 9], ['c', 5]]);
    expect(sliceData(rows, q, label, true).map((s) => s.key)).toEqual(['b', 'c', 'a']);
  });

  it('ranks by the first measure, largest first, and keeps the top `limit`', () => {
    const q: AggregateQuery = { groupBy: ['owner'], measures: [{ op: 'sum', field: 'total', as: 'amount' }, { op: 'count', as: 'orders' }] };
    const rows = [{ owner: 'u1', amount: 100, orders: 9 }, { owner: 'u2', amount: '350.5', orders: 1 }, { owner: 'u3', amount: 200, orders: 3 }];
    expect(rankingRows(rows, q, label)).toEqual([
      { rank: 1, key: 'u2', name: '李四', values: [350.5, 1] },
      { rank: 2, key: 'u3', name: '王五', values: [200, 3] },
      { rank: 3, key: 'u1', name: '张三', values: [100, 9] },
    ]);
    expect(rankingRows(rows, q, label, 2).map((r) => r.name)).toEqual(['李四', '王五']);
  });

  it('pivots two group-bys into rows × ascending columns with row, column and grand totals', () => {
    const q: AggregateQuery = { groupBy: ['owner', { field: 'signed_on', bucket: 'month' }], measures: [{ op: 'sum', field: 'total', as: 'amount' }] };
    const rows = [
      { owner: 'u1', 'signed_on:month': '2026-02', amount: 5 },
      { owner: 'u1', 'signed_on:month': '2026-01', amount: 10 },
      { owner: 'u2', 'signed_on:month': '2026-02', amount: 7 },
      { owner: 'u2', 'signed_on:month': null, amount: 1 },
    ];
    const p = pivotTable(rows, q, label);
    expect(p.columns.map((c) => c.title)).toEqual(['2026-01', '2026-02', '（空）']);
    expect(p.rows.map((r) => [r.title, p.columns.map((c) => r.cells[c.key]), r.total])).toEqual([
      ['张三', [10, 5, undefined], 15],
      ['李四', [undefined, 7, 1], 8],
    ]);
    expect(p.columns.map((c) => p.totals[c.key])).toEqual([10, 12, 1]);
    expect(p.total).toBe(23);
    expect(p.columns[1].value).toBe('2026-02');
    // The same pivot as a heatmap: [column, row, value] per pair that has rows, with the group values behind it.
    const h = heatmapData(p);
    expect([h.x, h.y, h.max]).toEqual([['2026-01', '2026-02', '（空）'], ['张三', '李四'], 10]);
    expect(h.cells).toEqual([
      { value: [0, 0, 10], keys: ['u1', '2026-01'] }, { value: [1, 0, 5], keys: ['u1', '2026-02'] },
      { value: [1, 1, 7], keys: ['u2', '2026-02'] }, { value: [2, 1, 1], keys: ['u2', null] },
    ]);
  });
});
