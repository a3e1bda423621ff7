// Turns the record history (GET …/history) into timeline items: who changed which field from what to what, when.
import { fieldLabel, optionLabel, type FieldDefinition, type ModelDefinition } from '../../shared/models/ModelDefinition';
import type { HistoryEntry } from './recordApi';

export interface FieldChange {
  field: string;
  label: string;
  from: string;
  to: string;
}

export interface TimelineItem {
  id: string;
  kind: string;
  at: string;
  by: string;
  changes: FieldChange[];
}

/** Bookkeeping columns that change on every write; never shown as changes. */
const bookkeeping = new Set(['id', 'rowVersion', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt']);

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function plain(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A value as a short text for the timeline; `empty` stands for no value. */
export function displayValue(field: FieldDefinition | undefined, value: unknown, lang: string, empty: string, words: { yes: string; no: string; rows: (n: number) => string }): string {
  if (isEmpty(value)) return empty;
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (field.type) {
    case 'singleSelect': {
      const o = field.options?.find((x) => x.value === value);
      return o ? optionLabel(o, lang) : String(value);
    }
    case 'multiSelect':
      return (value as unknown[]).map((v) => {
        const o = field.options?.find((x) => x.value === v);
        return o ? optionLabel(o, lang) : String(v);
      }).join('、');
    case 'boolean':
      return value ? words.yes : words.no;
    case 'attachment':
    case 'image':
      return (value as Array<{ name?: string; id?: string }>).map((f) => f.name ?? f.id ?? '').join('、');
    case 'subTable':
      return words.rows((value as unknown[]).length);
    case 'richText':
      return plain(String(value));
    case 'location': {
      const v = value as { address?: string; lat?: number; lng?: number };
      return v.address ?? `${v.lat}, ${v.lng}`;
    }
    default:
      return Array.isArray(value) ? value.map(String).join('、') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export interface TimelineText {
  lang: string;
  empty: string;
  yes: string;
  no: string;
  rows: (n: number) => string;
  /** Label of a column that is not a model field (owner, department…). */
  systemLabel: (key: string) => string;
}

/**
 * Newest first. An update lists the fields it changed (the server's `changed`, else a comparison of
 * before and after); a creation lists the values it started with. Computed and hidden fields the
 * model no longer has are labelled by their key.
 */
export function buildTimeline(entries: HistoryEntry[], model: ModelDefinition, text: TimelineText): TimelineItem[] {
  const fields = new Map(model.fields.map((f) => [f.key, f]));
  const words = { yes: text.yes, no: text.no, rows: text.rows };
  const label = (key: string) => {
    const f = fields.get(key);
    return f ? fieldLabel(f, text.lang) : text.systemLabel(key);
  };
  const items = entries.map((entry): TimelineItem => {
    const before = entry.before ?? {};
    const after = entry.after ?? {};
    let keys: string[];
    if (entry.kind === 'created') keys = model.fields.filter((f) => !isEmpty(after[f.key])).map((f) => f.key);
    else if (entry.changed && entry.changed.length > 0) keys = entry.changed;
    else if (entry.before && entry.after)
      keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
    else keys = [];
    const changes = keys.filter((k) => !bookkeeping.has(k)).map((key) => ({
      field: key,
      label: label(key),
      from: entry.kind === 'created' ? '' : displayValue(fields.get(key), before[key], text.lang, text.empty, words),
      to: displayValue(fields.get(key), after[key], text.lang, text.empty, words),
    }));
    return { id: entry.id, kind: entry.kind, at: entry.at, by: entry.by?.userName ?? entry.by?.id ?? '', changes };
  });
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id.localeCompare(a.id)));
}
