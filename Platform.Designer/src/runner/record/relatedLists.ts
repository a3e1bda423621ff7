// The related lists of a record page: one per one-to-many and many-to-many relation of the model.
import { fieldLabel, type FieldDefinition, type ModelDefinition } from '../../shared/models/ModelDefinition';
import type { RecordJson } from '../../shared/platformApi';
import { isListRelation } from './recordForm';

export interface RelatedList {
  /** The relation field on this model. */
  field: string;
  kind: 'oneToMany' | 'manyToMany';
  title: string;
  /** The related model (undefined when the caller may not read it). */
  model: string;
  related?: ModelDefinition;
  /** For oneToMany: the related model's field that points back here. */
  inverse?: string;
}

export function relatedLists(model: ModelDefinition, models: ModelDefinition[], lang: string): RelatedList[] {
  return model.fields.filter((f) => !f.retired && isListRelation(f)).map((f: FieldDefinition) => ({
    field: f.key,
    kind: f.relation!.kind as 'oneToMany' | 'manyToMany',
    title: fieldLabel(f, lang),
    model: f.relation!.model,
    related: models.find((m) => m.key === f.relation!.model),
    inverse: f.relation!.kind === 'oneToMany' ? f.relation!.field : undefined,
  }));
}

/** The records query filter that finds a list's rows, or null when there can be none. */
export function relatedFilter(list: RelatedList, record: RecordJson): object | null {
  if (list.kind === 'oneToMany' && list.inverse) return { field: list.inverse, op: 'eq', value: record.id };
  const ids = (Array.isArray(record[list.field]) ? record[list.field] : []) as string[];
  return ids.length === 0 ? null : { field: 'id', op: 'in', value: ids.slice(0, 1000) };
}

/** The field that names a related record: the model's display field, else its first text field. */
export function titleField(model: ModelDefinition | undefined): string {
  return model?.displayField ?? model?.fields.find((f) => f.type === 'text' && !f.retired)?.key ?? 'id';
}

/** Up to `count` further columns worth showing beside the title: simple, current fields. */
export function summaryFields(model: ModelDefinition | undefined, count = 2): FieldDefinition[] {
  if (!model) return [];
  const title = titleField(model);
  const simple = new Set(['text', 'number', 'decimal', 'percent', 'date', 'datetime', 'singleSelect', 'email', 'phone', 'autoNumber', 'boolean', 'rating', 'formula']);
  return model.fields.filter((f) => f.key !== title && !f.retired && simple.has(f.type)).slice(0, count);
}

/** Where "add" leads for a one-to-many list: a new related record pointing back at this one. */
export function addLink(app: string, list: RelatedList, record: RecordJson): string | null {
  if (list.kind !== 'oneToMany' || !list.inverse) return null;
  return `/apps/${app}/models/${list.model}/records/new?${encodeURIComponent(list.inverse)}=${encodeURIComponent(record.id)}`;
}

/** The record's new value for a many-to-many list after linking `id` (unchanged when already linked). */
export function withLinked(record: RecordJson, list: RelatedList, id: string): string[] {
  const ids = (Array.isArray(record[list.field]) ? record[list.field] : []) as string[];
  return ids.includes(id) ? ids : [...ids, id];
}
