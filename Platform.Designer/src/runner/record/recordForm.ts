// Which form the record page shows: the model's default form, or one generated from the model.
import type { FormDefinition, LayoutNode } from '../../shared/forms/FormDefinition';
import type { FieldDefinition, FieldType, ModelDefinition } from '../../shared/models/ModelDefinition';

/** Types that take the whole width of the form. */
const wideTypes: ReadonlySet<FieldType> = new Set(['longText', 'richText', 'subTable', 'attachment', 'image', 'location']);

/** Fields the record page shows as related lists rather than inside the form. */
export function isListRelation(field: FieldDefinition): boolean {
  return field.type === 'relation' && (field.relation?.kind === 'oneToMany' || field.relation?.kind === 'manyToMany');
}

/**
 * The form for a model: the one asked for, else the model's default ("<model>" or "<model>-form"),
 * else its first form, else null. A public form (a visitor's intake form) is never the default.
 */
export function chooseForm(forms: FormDefinition[], model: string, requested?: string | null): FormDefinition | null {
  const own = forms.filter((f) => f.model === model);
  const internal = own.filter((f) => !f.public?.enabled);
  return (requested ? own.find((f) => f.key === requested) : undefined)
    ?? internal.find((f) => f.key === model || f.key === `${model}-form`)
    ?? internal[0]
    ?? null;
}

/** A form laying out every current field: short fields two to a row, wide ones on their own. */
export function generateForm(model: ModelDefinition): FormDefinition {
  const layout: LayoutNode[] = [];
  let pending: LayoutNode | null = null;
  const flush = () => {
    if (pending) layout.push({ type: 'row', children: [{ type: 'column', span: 12, children: [pending] }, { type: 'column', span: 12, children: [] }] });
    pending = null;
  };
  for (const field of model.fields) {
    if (field.retired || isListRelation(field)) continue;
    const node: LayoutNode = field.type === 'subTable' ? { type: 'subTable', fieldKey: field.key } : { type: 'field', fieldKey: field.key };
    if (wideTypes.has(field.type)) {
      flush();
      layout.push(node);
    } else if (pending) {
      layout.push({ type: 'row', children: [{ type: 'column', span: 12, children: [pending] }, { type: 'column', span: 12, children: [node] }] });
      pending = null;
    } else pending = node;
  }
  flush();
  return { key: generatedFormKey(model.key), model: model.key, name: model.name, nameEn: model.nameEn, layout };
}

/** Initial values for a new record from the page's query string (e.g. ?account=<id> from a related list's "add"). */
export function valuesFromQuery(model: ModelDefinition, query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of model.fields) {
    const raw = query.get(field.key);
    if (raw === null || field.retired) continue;
    if (field.type === 'number' || field.type === 'decimal' || field.type === 'percent' || field.type === 'rating') {
      const n = Number(raw);
      if (raw !== '' && Number.isFinite(n)) out[field.key] = n;
    } else if (field.type === 'boolean') out[field.key] = raw === 'true';
    else if (field.type === 'multiSelect' || (field.type === 'relation' && field.relation?.kind === 'manyToMany')) out[field.key] = raw.split(',').filter(Boolean);
    else out[field.key] = raw;
  }
  return out;
}

/** Generated forms exist only in the browser; the server knows no form by that key. */
export const generatedFormKey = (model: string) => `${model}-generated`;
