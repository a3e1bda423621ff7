// Calls the record page makes besides the records API: history, comments and file uploads.
import { api, xsrfToken } from '../../shared/api';

const enc = encodeURIComponent;
const recordUrl = (app: string, model: string, id: string) => `/api/apps/${enc(app)}/models/${enc(model)}/records/${enc(id)}`;

export interface FileInfo {
  id: string;
  name: string;
  size?: number;
  contentType?: string;
}

export interface Actor {
  id?: string | null;
  userName?: string | null;
}

/** One entry of GET …/records/{id}/history. */
export interface HistoryEntry {
  id: string;
  kind: string;
  at: string;
  by?: Actor;
  changed?: string[];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface RecordComment {
  id: string;
  text: string;
  at: string;
  by?: Actor;
  files: FileInfo[];
}

export const recordPageApi = {
  history: (app: string, model: string, id: string) => api<HistoryEntry[]>(`${recordUrl(app, model, id)}/history`),
  comments: (app: string, model: string, id: string) =>
    api<{ items: RecordComment[] }>(`${recordUrl(app, model, id)}/comments`).then((r) => r.items),
  addComment: (app: string, model: string, id: string, text: string, files: string[]) =>
    api<RecordComment>(`${recordUrl(app, model, id)}/comments`, { method: 'POST', json: { text, files } }),
  upload: (file: File) => {
    const body = new FormData();
    body.append('file', file);
    const token = xsrfToken();
    return api<FileInfo>('/api/files', { method: 'POST', body, headers: token ? { 'X-XSRF-TOKEN': token } : {} });
  },
  forms: (app: string) => api<unknown[]>(`/api/apps/${enc(app)}/forms`),
};

export const fileUrl = (id: string) => `/api/files/${enc(id)}`;
