// Aggregate rows (POST …/records/aggregate) turned into what each chart kind draws. Pure functions,
// so the mapping is unit-tested; `label` gives a group value's display text (widgetLabels.ts).
import { groupName, measureName, measuresOf, type AggregateQuery, type AggregateRow } from './DashboardDefinition';

/** Display text of the value of the query's group-by number `group`. */
export type GroupLabel = (group: number, value: unknown) => string;

const num = (v: unknown) => (typeof v === 'number' ? v : v === null || v === undefined || v === '' ? 0 : Number(v) || 0);

/** Number card: the first measure of the single result row (0 when nothing matched). */
export function numberValue(rows: AggregateRow[], q: AggregateQuery): number {
  return num(rows[0]?.[measureName(measuresOf(q)[0])]);
}

export interface ChartSeries { name: string; data: number[] }
export interface ChartData {
  /** Display text per category (the first group-by). */
  categories: string[];
  /** The raw group values behind each category, for drill-down. */
  keys: unknown[];
  series: ChartSeries[];
  /** With a second group-by: its raw value behind each series, for drill-down. */
  seriesKeys?: unknown[];
}

/**
 * Bar and line: the first group-by along the axis, one series per measure; with a second group-by,
 * one series per value of it (of the first measure) instead.
 */
export function chartData(rows: AggregateRow[], q: AggregateQuery, label: GroupLabel, measureLabel: (m: number) => string): ChartData {
  const groups = q.groupBy ?? [];
  const measures = measuresOf(q);
  if (groups.length === 0) {
    return { categories: [''], keys: [undefined], series: measures.map((m, i) => ({ name: measureLabel(i), data: [num(rows[0]?.[measureName(m)])] })) };
  }
  const g0 = groupName(groups[0]);
  const keys = distinct(rows.map((r) => r[g0]));
  const categories = keys.map((k) => label(0, k));
  if (groups.length === 1) {
    return { categories, keys, series: measures.map((m, i) => ({ name: measureLabel(i), data: keys.map((k) => sumWhere(rows, g0, k, measureName(m))) })) };
  }
  const g1 = groupName(groups[1]);
  const first = measureName(measures[0]);
  const seriesKeys = distinct(rows.map((r) => r[g1]));
  return {
    categories, keys, seriesKeys,
    series: seriesKeys.map((s) => ({ name: label(1, s), data: keys.map((k) => sumWhere(rows.filter((r) => same(r[g1], s)), g0, k, first)) })),
  };
}

export interface SliceItem { name: string; value: number; key: unknown }

/** Pie and funnel: one slice per value of the first group-by, sized by the first measure (funnel largest first). */
export function sliceData(rows: AggregateRow[], q: AggregateQuery, label: GroupLabel, sortDesc = false): SliceItem[] {
  const g0 = q.groupBy?.[0];
  const first = measureName(measuresOf(q)[0]);
  const items = rows.map((r) => ({ key: g0 ? r[groupName(g0)] : undefined, name: g0 ? label(0, r[groupName(g0)]) : '', value: num(r[first]) }));
  return sortDesc ? [...items].sort((a, b) => b.value - a.value) : items;
}

export interface RankingRow { rank: number; key: unknown; name: string; values: number[] }

/** Ranking: the top `limit` (default 10) values of the first group-by by the first measure, largest first. */
export function rankingRows(rows: AggregateRow[], q: AggregateQuery, label: GroupLabel, limit = 10): RankingRow[] {
  const g0 = q.groupBy?.[0];
  const names = measuresOf(q).map(measureName);
  return rows
    .map((r) => ({ key: g0 ? r[groupName(g0)] : undefined, values: names.map((n) => num(r[n])) }))
    .sort((a, b) => b.values[0] - a.values[0])
    .slice(0, Math.max(1, limit))
    .map((r, i) => ({ ...r, rank: i + 1, name: label(0, r.key) }));
}

export interface PivotColumn { key: string; value: unknown; title: string }
export interface PivotRow { key: string; value: unknown; title: string; cells: Record<string, number>; total: number }
export interface Pivot { columns: PivotColumn[]; rows: PivotRow[]; totals: Record<string, number>; total: number }

/** Pivot: values of the first group-by down, of the second across (in ascending order), the first measure in the cells. */
export function pivotTable(rows: AggregateRow[], q: AggregateQuery, label: GroupLabel): Pivot {
  const groups = q.groupBy ?? [];
  const g0 = groups[0] ? groupName(groups[0]) : undefined;
  const g1 = groups[1] ? groupName(groups[1]) : undefined;
  const first = measureName(measuresOf(q)[0]);
  const colValues = distinct(rows.map((r) => (g1 ? r[g1] : undefined))).sort(ascending);
  const columns = colValues.map((v) => ({ key: keyOf(v), value: v, title: label(1, v) }));
  const byRow = new Map<string, PivotRow>();
  const totals: Record<string, number> = {};
  let total = 0;
  for (const r of rows) {
    const rv = g0 ? r[g0] : undefined;
    const rk = keyOf(rv);
    let row = byRow.get(rk);
    if (!row) byRow.set(rk, row = { key: rk, value: rv, title: label(0, rv), cells: {}, total: 0 });
    const ck = keyOf(g1 ? r[g1] : undefined);
    const v = num(r[first]);
    row.cells[ck] = (row.cells[ck] ?? 0) + v;
    row.total += v;
    totals[ck] = (totals[ck] ?? 0) + v;
    total += v;
  }
  return { columns, rows: [...byRow.values()], totals, total };
}

export interface Heatmap { x: string[]; y: string[]; cells: Array<{ value: [number, number, number]; keys: [unknown, unknown] }>; max: number }

/** Heatmap: the pivot's columns across, its rows down, one cell per pair that has rows, coloured by the first measure. */
export function heatmapData(p: Pivot): Heatmap {
  const cells = p.rows.flatMap((r, yi) => p.columns.flatMap((c, xi) =>
    (c.key in r.cells ? [{ value: [xi, yi, r.cells[c.key]] as [number, number, number], keys: [r.value, c.value] as [unknown, unknown] }] : [])));
  return { x: p.columns.map((c) => c.title), y: p.rows.map((r) => r.title), cells, max: Math.max(0, ...cells.map((c) => c.value[2])) };
}

/** A stable text key for a group value (null and a missing value are the same empty group). */
export function keyOf(v: unknown): string {
  return v === null || v === undefined ? '∅' : JSON.stringify(v);
}

const same = (a: unknown, b: unknown) => keyOf(a) === keyOf(b);

function distinct(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) if (!seen.has(keyOf(v))) seen.set(keyOf(v), v);
  return [...seen.values()];
}

function sumWhere(rows: AggregateRow[], group: string, key: unknown, measure: string): number {
  return rows.filter((r) => same(r[group], key)).reduce((s, r) => s + num(r[measure]), 0);
}

/** Ascending with the empty group last. */
function ascending(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}
