// Drill-down from a chart to the records behind a bar, slice or row: the widget's own filter AND
// one condition per group-by for the clicked value (docs/dashboards.md). The table page reads the
// filter from the URL (?filter=…), so a drill-down is a link that can be shared.
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { allOf, type FilterJson } from '../table/filterModel';
import { groupOf, type Bucket, type WidgetDefinition } from './DashboardDefinition';

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const addDays = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n));

/**
 * The first and last day of a date bucket as the aggregate endpoint writes it: day and week
 * "2026-03-02" (a week by its Monday), month "2026-03", quarter "2026-Q1", year "2026".
 * Undefined for a value that is not such a bucket.
 */
export function bucketRange(bucket: Bucket, value: string): [string, string] | undefined {
  let start: Date;
  let next: Date;
  let m: RegExpMatchArray | null;
  if ((bucket === 'day' || bucket === 'week') && (m = value.match(/^(\d{4})-(\d{2})-(\d{2})$/))) {
    start = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    next = addDays(start, bucket === 'day' ? 1 : 7);
  } else if (bucket === 'month' && (m = value.match(/^(\d{4})-(\d{2})$/))) {
    start = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
    next = new Date(Date.UTC(+m[1], +m[2], 1));
  } else if (bucket === 'quarter' && (m = value.match(/^(\d{4})-Q([1-4])$/))) {
    start = new Date(Date.UTC(+m[1], (+m[2] - 1) * 3, 1));
    next = new Date(Date.UTC(+m[1], +m[2] * 3, 1));
  } else if (bucket === 'year' && (m = value.match(/^(\d{4})$/))) {
    start = new Date(Date.UTC(+m[1], 0, 1));
    next = new Date(Date.UTC(+m[1] + 1, 0, 1));
  } else return undefined;
  return [iso(start), iso(addDays(next, -1))];
}

const systemDateTimes = new Set(['createdAt', 'updatedAt']);

/** The condition that picks one group: empty → isEmpty, a date bucket → its range, else equality. */
function groupCondition(field: string, bucket: Bucket | undefined, value: unknown, model: ModelDefinition): FilterJson {
  if (value === null || value === undefined) return { field, op: 'isEmpty' };
  if (bucket && typeof value === 'string') {
    const range = bucketRange(bucket, value);
    if (range) {
      const def = model.fields.find((f) => f.key === field);
      const dateTime = def ? def.type === 'datetime' || (def.type === 'formula' && def.formula?.resultType === 'datetime') : systemDateTimes.has(field);
      // A date-time range ends before midnight of the next day; `between` is inclusive.
      return dateTime
        ? { and: [{ field, op: 'gte', value: `${range[0]}T00:00:00Z` }, { field, op: 'lt', value: `${iso(addDays(new Date(`${range[1]}T00:00:00Z`), 1))}T00:00:00Z` }] }
        : { field, op: 'between', value: range };
    }
  }
  return { field, op: 'eq', value };
}

/**
 * The records filter behind one clicked group: the widget's filter and the clicked value of each of
 * its group-bys (`values[i]` for `groupBy[i]`; fewer values drill into fewer groups).
 */
export function drillFilter(widget: WidgetDefinition, values: unknown[], model: ModelDefinition): FilterJson | undefined {
  const groups = widget.query.groupBy ?? [];
  const conditions = values.slice(0, groups.length).map((v, i) => {
    const { field, bucket } = groupOf(groups[i]);
    return groupCondition(field, bucket, v, model);
  });
  return allOf(widget.query.filter, ...conditions);
}

/** The runner's table of `model` showing only the records of `filter`. */
export function drillPath(app: string, model: string, filter: FilterJson | undefined): string {
  const base = `/apps/${app}/run/models/${model}`;
  return filter ? `${base}?filter=${encodeURIComponent(JSON.stringify(filter))}` : base;
}

/** The filter a drill-down link carries, or undefined when the URL has none or it is not JSON. */
export function filterFromSearch(search: URLSearchParams): FilterJson | undefined {
  const raw = search.get('filter');
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as FilterJson : undefined;
  } catch {
    return undefined;
  }
}
