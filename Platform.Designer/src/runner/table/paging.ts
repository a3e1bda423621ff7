// Keyset paging over any number of rows: the state holds the cursors of the pages visited (a few
// short strings), never the rows of other pages. Page n is asked for with the cursor that page n-1
// returned as `next`; the total comes from a count asked for once per query.

export interface Sort { field: string; dir: 'asc' | 'desc' }

export interface PagingState {
  size: number;
  /** cursors[i] is the `after` of page i (undefined for the first page). */
  cursors: Array<string | undefined>;
  index: number;
  /** The cursor of the page after the current one; null when this is the last page. */
  next?: string | null;
  total?: number;
}

export interface QueryBody {
  filter?: unknown;
  sort?: Sort[];
  fields?: string[];
  page: { size: number; after?: string };
  total?: boolean;
}

export interface PageResult<T> { items: T[]; next?: string | null; total?: number }

export const pageSizes = [20, 50, 100] as const;

export function firstPage(size = 50): PagingState {
  return { size, cursors: [undefined], index: 0 };
}

/** The one request for the current page; the count is asked for only while the total is unknown. */
export function pageRequest(state: PagingState, base: { filter?: unknown; sort?: Sort[]; fields?: string[] }): QueryBody {
  const after = state.cursors[state.index];
  const body: QueryBody = { ...base, page: after === undefined ? { size: state.size } : { size: state.size, after } };
  if (state.total === undefined) body.total = true;
  if (body.filter === undefined) delete body.filter;
  if (!body.sort?.length) delete body.sort;
  if (!body.fields) delete body.fields;
  return body;
}

/** Records what a page answer says about the pages around it. */
export function pageLoaded<T>(state: PagingState, result: PageResult<T>): PagingState {
  const cursors = state.cursors.slice(0, state.index + 1);
  if (result.next) cursors.push(result.next);
  return { ...state, cursors, next: result.next ?? null, total: result.total ?? state.total };
}

export const hasNext = (s: PagingState) => !!s.next;
export const hasPrevious = (s: PagingState) => s.index > 0;

export function nextPage(s: PagingState): PagingState {
  return hasNext(s) ? { ...s, index: s.index + 1, next: undefined } : s;
}

export function previousPage(s: PagingState): PagingState {
  return hasPrevious(s) ? { ...s, index: s.index - 1, next: undefined } : s;
}

/** The first row's number on the current page (1-based), for "rows 51–100 of 1,000,000". */
export function firstRowNumber(s: PagingState): number {
  return s.index * s.size + 1;
}

export function pageCount(s: PagingState): number | undefined {
  return s.total === undefined ? undefined : Math.max(1, Math.ceil(s.total / s.size));
}
