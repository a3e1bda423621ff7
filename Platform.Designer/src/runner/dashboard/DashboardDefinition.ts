// The dashboard definition format of an app package (docs/dashboards.md). A widget's `query` is
// exactly the body of POST …/records/aggregate, so the server applies permissions to every chart.

export type ChartKind = 'number' | 'bar' | 'line' | 'pie' | 'funnel' | 'ranking' | 'pivot' | 'heatmap';
export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type GroupBy = string | { field: string; bucket?: Bucket };
export interface Measure { op: 'count' | 'sum' | 'avg' | 'min' | 'max'; field?: string; as?: string }

export interface AggregateQuery {
  filter?: Record<string, unknown>;
  groupBy?: GroupBy[];
  measures?: Measure[];
}

export interface WidgetDefinition {
  key: string;
  title?: string;
  titleEn?: string;
  chart: ChartKind;
  model: string;
  query: AggregateQuery;
  /** Ranking: how many rows to show (default 10). */
  limit?: number;
}

export interface DashboardDefinition {
  key: string;
  name?: string;
  nameEn?: string;
  description?: string;
  descriptionEn?: string;
  /** Keys of the app's roles that get this dashboard; none means everyone who reads a widget's model. */
  roles?: string[];
  widgets: WidgetDefinition[];
}

export type AggregateRow = Record<string, unknown>;

/** A group-by's field and bucket, whichever way it was written. */
export function groupOf(g: GroupBy): { field: string; bucket?: Bucket } {
  return typeof g === 'string' ? { field: g } : g;
}

/** The name a group-by's value has in the aggregate result ("owner", "signed_on:month"). */
export function groupName(g: GroupBy): string {
  const { field, bucket } = groupOf(g);
  return bucket ? `${field}:${bucket}` : field;
}

/** The name a measure's value has in the aggregate result, as the server names it. */
export function measureName(m: Measure): string {
  return m.as ?? (m.field ? `${m.op}_${m.field}` : 'count');
}

/** The measures a query asks for (the server counts rows when it names none). */
export function measuresOf(q: AggregateQuery): Measure[] {
  return q.measures && q.measures.length > 0 ? q.measures : [{ op: 'count' }];
}

export function widgetTitle(w: WidgetDefinition, lang: string): string {
  return (lang === 'en' ? w.titleEn || w.title : w.title || w.titleEn) || w.key;
}

export function dashboardName(d: DashboardDefinition, lang: string): string {
  return (lang === 'en' ? d.nameEn || d.name : d.name || d.nameEn) || d.key;
}
