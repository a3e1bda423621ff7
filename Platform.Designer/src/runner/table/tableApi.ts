// The records calls the table, the group panel and the import wizard make (docs: README "Models
// and records"). Built on api()/apiBlob() from shared/api.ts.
import { api, apiBlob } from '../../shared/api';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import type { RecordJson } from '../../shared/platformApi';
import type { PageResult, QueryBody, Sort } from './paging';

const enc = encodeURIComponent;
const base = (app: string, model: string) => `/api/apps/${enc(app)}/models/${enc(model)}/records`;

export interface AggregateRow { count: number; [group: string]: unknown }

export const tableApi = {
  /** The models the caller may read, with fields hidden from them already left out. */
  models: (app: string) => api<ModelDefinition[]>(`/api/apps/${enc(app)}/models`),
  schema: (app: string, model: string) => api<{ properties?: Record<string, { readOnly?: boolean }> }>(`/api/apps/${enc(app)}/models/${enc(model)}/schema`),
  query: (app: string, model: string, body: QueryBody | Record<string, unknown>, signal?: AbortSignal) =>
    api<PageResult<RecordJson>>(`${base(app, model)}/query`, { method: 'POST', json: body, signal }),
  groups: (app: string, model: string, filter: unknown, field: string) =>
    api<{ rows: AggregateRow[]; truncated?: boolean }>(`${base(app, model)}/aggregate`, {
      method: 'POST', json: { ...(filter ? { filter } : {}), groupBy: [field], measures: [{ op: 'count' }] },
    }),
  patch: (app: string, model: string, id: string, rowVersion: RecordJson['rowVersion'], values: Record<string, unknown>) =>
    api<RecordJson>(`${base(app, model)}/${enc(id)}`, { method: 'PATCH', json: values, headers: { 'If-Match': String(rowVersion) } }),
  remove: (app: string, model: string, id: string, rowVersion: RecordJson['rowVersion']) =>
    api<void>(`${base(app, model)}/${enc(id)}`, { method: 'DELETE', headers: { 'If-Match': String(rowVersion) } }),
  export: (app: string, model: string, body: { filter?: unknown; sort?: Sort[]; fields?: string[]; format: 'csv' | 'xlsx' }) =>
    apiBlob(`${base(app, model)}/export`, body),
  import: (app: string, model: string, file: File, options: unknown) => {
    const data = new FormData();
    data.append('file', file);
    data.append('options', JSON.stringify(options));
    return api<{ created: number; updated: number; rejected: Array<{ row: number; errors: Record<string, string[]> }> }>(`${base(app, model)}/import`, { method: 'POST', body: data });
  },
};

/** Saves a Blob as a download (exports, error reports). */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
