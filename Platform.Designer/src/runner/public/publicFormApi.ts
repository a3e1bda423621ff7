import { api } from '../../shared/api';
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';

/** What GET /api/public/forms/{app}/{slug} gives an anonymous visitor (docs/forms.md, public forms). */
export interface PublicFormPayload {
  app: string;
  appName?: string;
  appNameEn?: string;
  form: FormDefinition;
  model: ModelDefinition;
  schema: object | null;
}

export interface PublicFormClient {
  load(): Promise<PublicFormPayload>;
  submit(values: Record<string, unknown>): Promise<{ id: string }>;
}

const enc = encodeURIComponent;

/** The real client: plain requests without a session (the server ignores one there anyway). */
export function publicFormClient(app: string, slug: string): PublicFormClient {
  const url = `/api/public/forms/${enc(app)}/${enc(slug)}`;
  return {
    load: () => api<PublicFormPayload>(url, { credentials: 'omit' }),
    submit: (values) => api<{ id: string }>(url, { method: 'POST', json: values, credentials: 'omit' }),
  };
}
