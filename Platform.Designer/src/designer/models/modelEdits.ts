// Edits of a model definition in the model designer, and the checks made before asking the server
// for a migration plan. Fields are never deleted once saved: they are retired and keep their data.
import type { FieldDefinition, FieldType, ModelDefinition } from '../../shared/models/ModelDefinition';

export const fieldKeyPattern = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;

export function newField(type: FieldType, existing: FieldDefinition[]): FieldDefinition {
  let n = existing.length + 1;
  while (existing.some((f) => f.key === `field${n}`)) n++;
  const field: FieldDefinition = { key: `field${n}`, type, label: '' };
  if (type === 'singleSelect' || type === 'multiSelect') field.options = [];
  if (type === 'relation') field.relation = { kind: 'manyToOne', model: '' };
  if (type === 'subTable') field.subTable = { fields: [] };
  if (type === 'autoNumber') field.autoNumber = { pattern: '{yyyyMMdd}-{0000}' };
  if (type === 'formula') field.formula = { expression: '', resultType: 'number' };
  if (type === 'rollup') field.rollup = { relation: '', field: '', op: 'sum' };
  if (type === 'rating') field.max = 5;
  return field;
}

/** The field given another type: its new type's defaults, keeping what every field has (key, labels, required, id). */
export function retype(field: FieldDefinition, type: FieldType): FieldDefinition {
  return { ...newField(type, []), key: field.key, label: field.label, labelEn: field.labelEn, required: field.required, id: field.id };
}

export function moveField(fields: FieldDefinition[], from: number, to: number): FieldDefinition[] {
  if (from === to || from < 0 || to < 0 || from >= fields.length || to >= fields.length) return fields;
  const next = [...fields];
  const [f] = next.splice(from, 1);
  next.splice(to, 0, f);
  return next;
}

/** Removes a field that was never saved; retires (or restores) one that was. */
export function removeOrRetire(fields: FieldDefinition[], key: string, saved: Set<string>): FieldDefinition[] {
  if (!saved.has(key)) return fields.filter((f) => f.key !== key);
  return fields.map((f) => (f.key === key ? { ...f, retired: !f.retired } : f));
}

/** Problems per field key (i18n keys under designer.models.problems), empty when the model may be planned. */
export function modelProblems(model: ModelDefinition, models: string[]): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (key: string, p: string) => (problems[key] ??= []).push(p);
  if (!model.name?.trim()) add('$name', 'nameRequired');
  const seen = new Set<string>();
  const check = (fields: FieldDefinition[], prefix: string) => {
    for (const f of fields) {
      const key = prefix + f.key;
      if (!fieldKeyPattern.test(f.key)) add(key, 'keyFormat');
      if (seen.has(key)) add(key, 'keyTaken');
      seen.add(key);
      if ((f.type === 'singleSelect' || f.type === 'multiSelect')) {
        const values = (f.options ?? []).map((o) => o.value);
        if (values.length === 0) add(key, 'optionsRequired');
        if (values.some((v) => !v?.trim())) add(key, 'optionEmpty');
        if (new Set(values).size !== values.length) add(key, 'optionDuplicate');
      }
      if (f.type === 'relation' && !models.includes(f.relation?.model ?? '')) add(key, 'relationModel');
      if (f.type === 'formula' && !f.formula?.expression.trim()) add(key, 'formulaRequired');
      if (f.type === 'rollup' && (!f.rollup?.relation || !f.rollup.field && f.rollup.op !== 'count')) add(key, 'rollupIncomplete');
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) add(key, 'minAboveMax');
      if (f.type === 'subTable') check(f.subTable?.fields ?? [], `${key}.`);
    }
  };
  check(model.fields, '');
  return problems;
}
