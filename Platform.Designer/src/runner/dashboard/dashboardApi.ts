// The calls a dashboard makes: each widget's query as the body of the records aggregate endpoint
// (permissions, row scopes and hidden fields applied there).
import { api } from '../../shared/api';
import type { AggregateQuery, AggregateRow } from './DashboardDefinition';

const enc = encodeURIComponent;

export const dashboardApi = {
  aggregate: (app: string, model: string, query: AggregateQuery, signal?: AbortSignal) =>
    api<{ rows: AggregateRow[]; truncated?: boolean }>(`/api/apps/${enc(app)}/models/${enc(model)}/records/aggregate`, { method: 'POST', json: query, signal }),
};
