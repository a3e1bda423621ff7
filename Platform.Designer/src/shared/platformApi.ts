// Calls for apps, models, forms and records, built on api() from api.ts (which stays the one place
// that talks HTTP). Records and models routes are the data engine's documented API.
import { api, ApiError } from './api';
import type { FormDefinition } from './forms/FormDefinition';
import type { ModelDefinition } from './models/ModelDefinition';

const enc = encodeURIComponent;

export interface AppPackage {
  key: string;
  name: string;
  nameEn?: string;
  models?: ModelDefinition[];
  forms?: FormDefinition[];
  [section: string]: unknown;
}

export interface TemplateSummary {
  key: string;
  name: string;
  description?: string;
}

export interface RecordJson {
  id: string;
  rowVersion: number | string;
  [field: string]: unknown;
}

export interface QueryResult {
  items: RecordJson[];
  nextAfter?: string;
  total?: number;
}

export interface MigrationPlan {
  steps?: Array<{ kind?: string; description?: string; field?: string; [k: string]: unknown }>;
  [k: string]: unknown;
}

export const appsApi = {
  templates: () => api<TemplateSummary[]>('/api/templates'),
  createEmpty: (key: string, name: string) => api('/api/apps/import', { method: 'POST', json: { key, name } }),
  createFromTemplate: (template: string, key: string, name: string) =>
    api(`/api/apps/import?from=${enc(template)}`, { method: 'POST', json: { key, name } }),
  importPackage: (pkg: unknown) => api('/api/apps/import', { method: 'POST', json: pkg }),
  copy: (app: string, key: string, name: string) => api(`/api/apps/${enc(app)}/copy`, { method: 'POST', json: { key, name } }),
  exportPackage: (app: string) => api<AppPackage>(`/api/apps/${enc(app)}/export`),
};

export const modelsApi = {
  list: (app: string) => api<ModelDefinition[]>(`/api/apps/${enc(app)}/models`),
  get: (app: string, model: string) => api<ModelDefinition>(`/api/apps/${enc(app)}/models/${enc(model)}`),
  plan: (app: string, model: ModelDefinition) =>
    api<MigrationPlan>(`/api/apps/${enc(app)}/models/${enc(model.key)}?dryRun=true`, { method: 'PUT', json: model }),
  save: (app: string, model: ModelDefinition) =>
    api<unknown>(`/api/apps/${enc(app)}/models/${enc(model.key)}`, { method: 'PUT', json: model }),
  schema: (app: string, model: string) => api<object>(`/api/apps/${enc(app)}/models/${enc(model)}/schema`),
};

export const formsApi = {
  get: (app: string, form: string) => api<FormDefinition>(`/api/apps/${enc(app)}/forms/${enc(form)}`),
  save: (app: string, form: FormDefinition) => api<unknown>(`/api/apps/${enc(app)}/forms/${enc(form.key)}`, { method: 'PUT', json: form }),
};

export const recordsApi = {
  // `form`: the form the record was filled in, sent as "_form" so that form.submitted workflows start.
  create: (app: string, model: string, values: Record<string, unknown>, form?: string) =>
    api<RecordJson>(`/api/apps/${enc(app)}/models/${enc(model)}/records`, { method: 'POST', json: form ? { ...values, _form: form } : values }),
  get: (app: string, model: string, id: string) => api<RecordJson>(`/api/apps/${enc(app)}/models/${enc(model)}/records/${enc(id)}`),
  update: (app: string, model: string, id: string, rowVersion: RecordJson['rowVersion'], values: Record<string, unknown>) =>
    api<RecordJson>(`/api/apps/${enc(app)}/models/${enc(model)}/records/${enc(id)}`, {
      method: 'PATCH',
      json: values,
      headers: { 'If-Match': String(rowVersion) },
    }),
  query: (app: string, model: string, body: { filter?: unknown; sort?: Array<{ field: string; dir: 'asc' | 'desc' }>; page?: { size: number; after?: string; number?: number }; fields?: string[] }) =>
    api<QueryResult>(`/api/apps/${enc(app)}/models/${enc(model)}/records/query`, { method: 'POST', json: body }),
};

/** A definition from its own route, or else from the app package (the routes may not exist yet). */
export async function withPackageFallback<T>(direct: () => Promise<T>, fromPackage: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await direct();
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return fromPackage();
    throw e;
  }
}
