// The data engine's model definition format (see the models API). The designer edits it; the
// runner reads it to choose widgets.

export const fieldTypes = [
  'text', 'longText', 'richText', 'number', 'decimal', 'percent', 'date', 'datetime', 'boolean',
  'singleSelect', 'multiSelect', 'user', 'department', 'relation', 'subTable', 'attachment', 'image',
  'email', 'phone', 'url', 'autoNumber', 'formula', 'rollup', 'location', 'rating',
] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface FieldOption {
  value: string;
  label?: string;
  labelEn?: string;
  color?: string;
  /** Words that suggest this option when they occur in a text (form rule action `suggest` with `from`). */
  keywords?: string[];
}

export interface FieldDefinition {
  id?: string;
  key: string;
  type: FieldType;
  label?: string;
  labelEn?: string;
  required?: boolean;
  unique?: boolean;
  default?: unknown;
  /** JavaScript over the new record's values giving the default (server on create, form live until the user edits the field). */
  defaultExpression?: string;
  /** "<relation>.<field of the related model>": the server copies that value in on save (read-only to users). */
  copyFrom?: string;
  /** Attachment and image fields: accepted file kinds (".pdf", "application/pdf", "image/*"). */
  accept?: string[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  options?: FieldOption[];
  /** For oneToMany: the other model's manyToOne field that points back here. */
  relation?: { kind: 'manyToOne' | 'oneToMany' | 'manyToMany'; model: string; field?: string };
  subTable?: { fields: FieldDefinition[] };
  autoNumber?: { pattern: string };
  formula?: { expression: string; resultType?: string };
  rollup?: { relation: string; field: string; op: string };
  retired?: boolean;
}

/** A validation rule (docs/models.md): `assert` must be true for a write to pass. */
export interface ValidationRule {
  key: string;
  assert: string;
  message: string;
  messageEn?: string;
  /** The field the message belongs to; without it the message is about the whole record (`_rules`). */
  field?: string;
  when?: string;
}

export interface ModelDefinition {
  key: string;
  name: string;
  nameEn?: string;
  displayField?: string;
  fields: FieldDefinition[];
  rules?: ValidationRule[];
  /** Shared pool (docs/permissions.md): records without owner are visible to the member roles, who claim them. */
  pool?: PoolOption;
}

export interface PoolOption {
  members: string[];
  claimLimit?: number;
  claimPeriod?: 'day' | 'week' | 'month';
  cooldownDays?: number;
}

/** Fields that the server computes; forms show them but never send them. */
export const computedTypes: ReadonlySet<FieldType> = new Set(['autoNumber', 'formula', 'rollup']);

/** Whether the server sets the field's value (computed types, and values copied from a related record). */
export const serverSets = (field: Pick<FieldDefinition, 'type' | 'copyFrom'>): boolean => computedTypes.has(field.type) || !!field.copyFrom;

export function fieldLabel(field: Pick<FieldDefinition, 'key' | 'label' | 'labelEn'>, lang: string): string {
  return (lang === 'en' ? field.labelEn || field.label : field.label || field.labelEn) || field.key;
}

export function optionLabel(option: FieldOption, lang: string): string {
  return (lang === 'en' ? option.labelEn || option.label : option.label || option.labelEn) || option.value;
}

export function modelName(model: Pick<ModelDefinition, 'key' | 'name' | 'nameEn'>, lang: string): string {
  return (lang === 'en' ? model.nameEn || model.name : model.name || model.nameEn) || model.key;
}
