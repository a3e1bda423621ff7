// The columns a user chose for a model's table, kept in this browser per user, app and model.
import type { FieldDefinition } from '../../shared/models/ModelDefinition';

const storageKey = (user: string, app: string, model: string) => `lowcode.table.columns.${user}.${app}.${model}`;

/** Fields shown before the user chooses: the first eight that read well in a cell. */
export function defaultColumns(fields: FieldDefinition[]): string[] {
  return fields.filter((f) => !f.retired && !['richText', 'longText', 'subTable', 'attachment', 'image'].includes(f.type)).slice(0, 8).map((f) => f.key);
}

/** The saved choice, keeping only fields the caller can still see (masked fields simply vanish). */
export function loadColumns(user: string, app: string, model: string, fields: FieldDefinition[], fallback: string[]): string[] {
  const visible = new Set(fields.filter((f) => !f.retired).map((f) => f.key));
  let saved: unknown;
  try { saved = JSON.parse(localStorage.getItem(storageKey(user, app, model)) ?? 'null'); } catch { saved = null; }
  const list = Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string' && visible.has(k)) : [];
  return list.length > 0 ? list : fallback.filter((k) => visible.has(k));
}

export function saveColumns(user: string, app: string, model: string, columns: string[]) {
  localStorage.setItem(storageKey(user, app, model), JSON.stringify(columns));
}
