// How a stored value reads in a table cell or card: option labels, yes/no, relation display names.
import { optionLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';

export interface CellContext {
  lang: string;
  yes: string;
  no: string;
  /** Display names of related records by id, per relation field. */
  relationNames?: Record<string, Record<string, string>>;
  /** Display names of users by id (the users directory), for user fields. */
  userNames?: Record<string, string>;
  /** Department names by id, for department fields. */
  departmentNames?: Record<string, string>;
}

export function cellText(field: FieldDefinition, value: unknown, ctx: CellContext): string {
  if (value === undefined || value === null || value === '') return '';
  const option = (v: unknown) => {
    const o = field.options?.find((x) => x.value === v);
    return o ? optionLabel(o, ctx.lang) : String(v);
  };
  switch (field.type) {
    case 'boolean':
      return value ? ctx.yes : ctx.no;
    case 'singleSelect':
      return option(value);
    case 'multiSelect':
      return Array.isArray(value) ? value.map(option).join(', ') : String(value);
    case 'user':
      return ctx.userNames?.[String(value)] ?? String(value);
    case 'department':
      return ctx.departmentNames?.[String(value)] ?? String(value);
    case 'percent':
      return `${value} %`;
    case 'relation': {
      const names = ctx.relationNames?.[field.key] ?? {};
      const ids = Array.isArray(value) ? value : [value];
      return ids.map((id) => (typeof id === 'object' && id !== null ? JSON.stringify(id) : names[String(id)] ?? String(id))).join(', ');
    }
    case 'subTable':
    case 'attachment':
    case 'image':
      return Array.isArray(value) ? `[${value.length}]` : '';
    case 'richText':
      return String(value).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    case 'datetime':
      return String(value).replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Types a cell can be edited in place (and in bulk); the rest open the record page. */
const inlineTypes = new Set(['text', 'email', 'phone', 'url', 'location', 'number', 'decimal', 'percent', 'rating', 'date', 'boolean', 'singleSelect']);

export function inlineEditable(field: FieldDefinition, readOnly: ReadonlySet<string>): boolean {
  return inlineTypes.has(field.type) && !readOnly.has(field.key);
}

/** Fields a group-by can use (the aggregate API refuses lists and long texts). */
export function groupable(field: FieldDefinition): boolean {
  if (['multiSelect', 'longText', 'richText', 'subTable', 'attachment', 'image'].includes(field.type)) return false;
  if (field.type === 'relation') return field.relation?.kind === 'manyToOne';
  return true;
}

/** Fields a table column can sort by. */
export function sortable(field: FieldDefinition): boolean {
  return groupable(field);
}
