// The `suggest` linkage action: while its condition holds, a field shows a proposed value that the
// user confirms (or dismisses) with a button; the value is never written without that click.
// A suggestion comes from `value`, from `expression` (JavaScript over the record), or, for select
// fields, from `from`: the options whose `keywords` occur in the text of that other field.
import type { Rule, RuleAction } from '../../shared/forms/FormDefinition';
import type { FieldDefinition, ModelDefinition } from '../../shared/models/ModelDefinition';
import { evaluateValue } from './formExpressions';

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Options of a select field whose keywords occur in the text, in the field's option order. */
export function optionsByKeywords(field: FieldDefinition, text: unknown): string[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const lower = text.toLowerCase();
  return (field.options ?? [])
    .filter((o) => (o.keywords ?? []).some((k) => k.trim() !== '' && lower.includes(k.trim().toLowerCase())))
    .map((o) => o.value);
}

function proposed(action: RuleAction, field: FieldDefinition, model: ModelDefinition, values: Record<string, unknown>): unknown {
  if (action.from) {
    const matched = optionsByKeywords(field, values[action.from]);
    return field.type === 'multiSelect' ? matched : (matched[0] ?? null);
  }
  if (action.expression) return evaluateValue(model, action.expression, values);
  return action.value ?? null;
}

/**
 * What each field's active suggest rules propose beyond its current value: for a multi-select the
 * options not chosen yet; otherwise a value different from the current one. Nothing when there is nothing new.
 */
export function suggestionsFor(model: ModelDefinition, rules: Rule[], active: boolean[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = new Map(model.fields.map((f) => [f.key, f]));
  rules.forEach((rule, i) => {
    if (!active[i]) return;
    for (const action of rule.then) {
      if (action.action !== 'suggest') continue;
      const field = fields.get(action.field);
      if (!field) continue;
      const value = proposed(action, field, model, values);
      const current = values[field.key];
      if (field.type === 'multiSelect') {
        const have = new Set(Array.isArray(current) ? (current as unknown[]).map(String) : []);
        const before = Array.isArray(out[field.key]) ? (out[field.key] as string[]) : [];
        const extra = (Array.isArray(value) ? value : isEmpty(value) ? [] : [value]).map(String).filter((v) => !have.has(v) && !before.includes(v));
        if (before.length + extra.length > 0) out[field.key] = [...before, ...extra];
      } else if (!isEmpty(value) && JSON.stringify(value) !== JSON.stringify(current ?? null) && !(field.key in out)) {
        out[field.key] = value;
      }
    }
  });
  return out;
}

/** The field's value once the user accepts the suggestion: a multi-select adds the options, others take the value. */
export function accepted(field: FieldDefinition | undefined, current: unknown, suggestion: unknown): unknown {
  if (field?.type === 'multiSelect') {
    const have = Array.isArray(current) ? (current as unknown[]) : [];
    return [...have, ...(suggestion as unknown[]).filter((v) => !have.includes(v))];
  }
  return suggestion;
}
