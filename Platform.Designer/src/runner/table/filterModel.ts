// The filter builder's state (a tree of and/or groups of conditions) and its translation into the
// platform's JSON filter (docs/filters.md). Pure functions, so the JSON produced is unit-tested.
import type { FieldDefinition, ModelDefinition } from '../../shared/models/ModelDefinition';

export type Operator =
  | 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains' | 'startsWith' | 'between' | 'isEmpty' | 'notEmpty';

export interface Condition { kind: 'condition'; id: string; field: string; op: Operator; value?: unknown }
export interface Group { kind: 'group'; id: string; join: 'and' | 'or'; children: Array<Condition | Group> }
export type FilterJson = Record<string, unknown>;

/** What the value editor of a condition looks like. */
export type ValueKind = 'none' | 'text' | 'texts' | 'number' | 'numberRange' | 'date' | 'dateRange' | 'boolean' | 'option' | 'options';

let counter = 0;
export const newId = () => `f${++counter}`;
export const emptyGroup = (join: 'and' | 'or' = 'and'): Group => ({ kind: 'group', id: newId(), join, children: [] });

/** The type a field compares as (formulas as their result type). */
export function comparedType(field: FieldDefinition): string {
  if (field.type === 'formula') return field.formula?.resultType ?? 'text';
  if (field.type === 'rollup') return 'number';
  return field.type;
}

const textOps: Operator[] = ['eq', 'ne', 'contains', 'startsWith', 'in', 'isEmpty', 'notEmpty'];
const numberOps: Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'notEmpty'];
const dateOps: Operator[] = ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'notEmpty'];
const emptyOps: Operator[] = ['isEmpty', 'notEmpty'];

/** The operators the filter language accepts for a field's type. */
export function operatorsFor(field: FieldDefinition): Operator[] {
  switch (comparedType(field)) {
    case 'text': case 'email': case 'phone': case 'url': case 'location': case 'autoNumber':
      return textOps;
    case 'longText': case 'richText':
      return ['contains', 'startsWith', 'isEmpty', 'notEmpty'];
    case 'number': case 'decimal': case 'percent': case 'rating':
      return numberOps;
    case 'date': case 'datetime':
      return dateOps;
    case 'boolean':
      return ['eq', 'isEmpty', 'notEmpty'];
    case 'singleSelect': case 'user': case 'department':
      return ['eq', 'ne', 'in', 'isEmpty', 'notEmpty'];
    case 'multiSelect':
      return ['contains', 'isEmpty', 'notEmpty'];
    case 'relation':
      if (field.relation?.kind === 'manyToOne') return ['eq', 'ne', 'in', 'isEmpty', 'notEmpty'];
      if (field.relation?.kind === 'manyToMany') return ['contains', 'isEmpty', 'notEmpty'];
      return emptyOps;
    default:
      return emptyOps;
  }
}

export function valueKind(field: FieldDefinition, op: Operator): ValueKind {
  if (op === 'isEmpty' || op === 'notEmpty') return 'none';
  const type = comparedType(field);
  if (type === 'boolean') return 'boolean';
  if (type === 'singleSelect' || type === 'multiSelect') return op === 'in' ? 'options' : 'option';
  if (['number', 'decimal', 'percent', 'rating'].includes(type)) return op === 'between' ? 'numberRange' : 'number';
  if (type === 'date' || type === 'datetime') return op === 'between' ? 'dateRange' : 'date';
  return op === 'in' ? 'texts' : 'text';
}

/** Fields a condition can name: the model's own, then one step through each many-to-one relation. */
export interface FieldChoice { path: string; field: FieldDefinition; via?: FieldDefinition }

export function fieldChoices(model: ModelDefinition, models: ModelDefinition[]): FieldChoice[] {
  const own = model.fields.filter((f) => !f.retired && operatorsFor(f).length > 0);
  const choices: FieldChoice[] = own.map((f) => ({ path: f.key, field: f }));
  for (const rel of own) {
    if (rel.type !== 'relation' || rel.relation?.kind !== 'manyToOne') continue;
    const target = models.find((m) => m.key === rel.relation!.model);
    for (const f of target?.fields ?? []) {
      if (f.retired || f.type === 'relation' || f.type === 'subTable') continue;
      choices.push({ path: `${rel.key}.${f.key}`, field: f, via: rel });
    }
  }
  return choices;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The JSON value of a condition, or undefined while it is incomplete (such conditions are left out). */
function conditionJson(c: Condition, field: FieldDefinition | undefined): FilterJson | undefined {
  if (!field || !c.op) return undefined;
  if (c.op === 'isEmpty') return { field: c.field, op: 'isEmpty' };
  if (c.op === 'notEmpty') return { field: c.field, op: 'isEmpty', value: false };
  const kind = valueKind(field, c.op);
  const v = c.value;
  switch (kind) {
    case 'number': {
      const n = toNumber(v);
      return n === undefined ? undefined : { field: c.field, op: c.op, value: n };
    }
    case 'numberRange': {
      if (!Array.isArray(v) || v.length !== 2) return undefined;
      const [a, b] = [toNumber(v[0]), toNumber(v[1])];
      return a === undefined || b === undefined ? undefined : { field: c.field, op: 'between', value: [a, b] };
    }
    case 'dateRange':
      if (!Array.isArray(v) || v.length !== 2 || isBlank(v[0]) || isBlank(v[1])) return undefined;
      return { field: c.field, op: 'between', value: [v[0], v[1]] };
    case 'boolean':
      return typeof v === 'boolean' ? { field: c.field, op: c.op, value: v } : undefined;
    case 'options': case 'texts': {
      const list = (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,，\n]/) : [])
        .map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => !isBlank(x));
      return list.length === 0 ? undefined : { field: c.field, op: 'in', value: list };
    }
    default:
      if (isBlank(v)) return undefined;
      return { field: c.field, op: c.op, value: typeof v === 'string' ? v.trim() : v };
  }
}

/**
 * The JSON filter of a group, leaving out incomplete conditions and empty groups; undefined when
 * nothing is left (no filter at all).
 */
export function toFilterJson(group: Group, resolve: (path: string) => FieldDefinition | undefined): FilterJson | undefined {
  const parts: FilterJson[] = [];
  for (const child of group.children) {
    const json = child.kind === 'group' ? toFilterJson(child, resolve) : conditionJson(child, resolve(child.field));
    if (json) parts.push(json);
  }
  if (parts.length === 0) return undefined;
  return { [group.join]: parts };
}

/** Both filters must hold (a view's own filter and the user's, say); undefined parts are dropped. */
export function allOf(...filters: Array<FilterJson | undefined>): FilterJson | undefined {
  const present = filters.filter((f): f is FilterJson => !!f);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : { and: present };
}

/** Resolves `key` or `relation.key` against a model and its related models. */
export function resolver(model: ModelDefinition, models: ModelDefinition[]) {
  const choices = new Map(fieldChoices(model, models).map((c) => [c.path, c.field]));
  return (path: string) => choices.get(path);
}

// Tree edits, immutable so React sees every change.
export function updateNode(group: Group, id: string, change: (node: Condition | Group) => Condition | Group | null): Group {
  const children: Array<Condition | Group> = [];
  for (const child of group.children) {
    if (child.id === id) {
      const next = change(child);
      if (next) children.push(next);
    } else children.push(child.kind === 'group' ? updateNode(child, id, change) : child);
  }
  return { ...group, children };
}

export function addChild(group: Group, parentId: string, node: Condition | Group): Group {
  if (group.id === parentId) return { ...group, children: [...group.children, node] };
  return { ...group, children: group.children.map((c) => (c.kind === 'group' ? addChild(c, parentId, node) : c)) };
}
