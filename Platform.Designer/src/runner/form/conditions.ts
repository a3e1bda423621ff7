// Evaluates the structured linkage conditions of a form ({field, op, value}, and/or/not — the filter language's shape) against the
// current values. Expression conditions go to the shared browser expression evaluator, plugged in
// with setExpressionEvaluator once it is merged; until then they count as false.
import type { Condition } from '../../shared/forms/FormDefinition';

type ExpressionEvaluator = (expression: string, values: Record<string, unknown>) => unknown;
let expressionEvaluator: ExpressionEvaluator | null = null;

export function setExpressionEvaluator(evaluator: ExpressionEvaluator | null) {
  expressionEvaluator = evaluator;
}

export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function comparable(value: unknown): number | string {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = String(value ?? '');
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? n : text;
}

function equals(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b);
  return comparable(a) === comparable(b);
}

function order(a: unknown, b: unknown): number | null {
  if (isEmpty(a) || isEmpty(b)) return null;
  const x = comparable(a);
  const y = comparable(b);
  if (typeof x !== typeof y) return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function evaluateCondition(condition: Condition, values: Record<string, unknown>): boolean {
  if ('and' in condition) return condition.and.every((c) => evaluateCondition(c, values));
  if ('or' in condition) return condition.or.some((c) => evaluateCondition(c, values));
  if ('not' in condition) return !evaluateCondition(condition.not, values);
  if ('expression' in condition) {
    if (!expressionEvaluator || !condition.expression.trim()) return false;
    try {
      return !!expressionEvaluator(condition.expression, values);
    } catch {
      return false; // a failing expression never shows or requires anything
    }
  }
  const actual = values[condition.field];
  const expected = condition.value;
  const list = Array.isArray(expected) ? expected : [expected];
  switch (condition.op) {
    case 'eq':
      return Array.isArray(actual) ? actual.some((a) => equals(a, expected)) : equals(actual, expected);
    case 'ne':
      return Array.isArray(actual) ? !actual.some((a) => equals(a, expected)) : !equals(actual, expected);
    case 'gt': { const o = order(actual, expected); return o !== null && o > 0; }
    case 'gte': { const o = order(actual, expected); return o !== null && o >= 0; }
    case 'lt': { const o = order(actual, expected); return o !== null && o < 0; }
    case 'lte': { const o = order(actual, expected); return o !== null && o <= 0; }
    case 'in':
      return Array.isArray(actual) ? actual.some((a) => list.some((e) => equals(a, e))) : list.some((e) => equals(actual, e));
    case 'notIn':
      return Array.isArray(actual) ? !actual.some((a) => list.some((e) => equals(a, e))) : !list.some((e) => equals(actual, e));
    case 'contains':
      return Array.isArray(actual)
        ? actual.some((a) => equals(a, expected))
        : String(actual ?? '').toLowerCase().includes(String(expected ?? '').toLowerCase());
    case 'startsWith':
      return String(actual ?? '').toLowerCase().startsWith(String(expected ?? '').toLowerCase());
    case 'isEmpty':
      return isEmpty(actual);
    case 'isNotEmpty':
      return !isEmpty(actual);
    default:
      return false;
  }
}

/** Field keys a condition reads (expressions are opaque: they depend on everything). */
export function conditionFields(condition: Condition): string[] | 'all' {
  if ('and' in condition || 'or' in condition) {
    const parts = ('and' in condition ? condition.and : condition.or).map(conditionFields);
    return parts.includes('all') ? 'all' : (parts as string[][]).flat();
  }
  if ('not' in condition) return conditionFields(condition.not);
  if ('expression' in condition) return 'all';
  return [condition.field];
}
