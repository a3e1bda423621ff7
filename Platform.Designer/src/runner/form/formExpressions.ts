// The form runner's expressions, through the shared browser evaluator (src/shared/expressions):
// linkage conditions, live formula fields and the model's validation rules. The server computes and
// checks the same expressions with Jint on every write; here they give feedback while typing.
import { compile, HostFunction, type EvaluateOptions } from '../../shared/expressions';
import { parse } from '../../shared/expressions/parser';
import type { FieldDefinition, ModelDefinition, ValidationRule } from '../../shared/models/ModelDefinition';
import { setExpressionEvaluator } from './conditions';

type Compiled = ReturnType<typeof compile>;
const compiled = new Map<string, Compiled | Error>();

function compiledOf(expression: string): Compiled {
  let c = compiled.get(expression);
  if (!c) {
    try {
      c = compile(expression);
    } catch (e) {
      c = e as Error;
    }
    if (compiled.size > 2000) compiled.clear();
    compiled.set(expression, c);
  }
  if (c instanceof Error) throw c;
  return c;
}

/** Keys that cannot be JavaScript parameter names on the server: such fields are read as record.x only. */
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'eval', 'arguments', 'undefined',
]);

/** Variables as the server gives them to formulas and linkage expressions: every field by key (null when empty) and `record`. */
export function recordVariables(model: ModelDefinition | null, values: Record<string, unknown>): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const f of model?.fields ?? []) if (!f.retired && !RESERVED.has(f.key)) vars[f.key] = values[f.key] ?? null;
  for (const key in values) if (!(key in vars) && !RESERVED.has(key)) vars[key] = values[key];
  vars.record = values;
  return vars;
}

/** A value computed from the record (suggestions, live defaults); null when the expression fails. */
export function evaluateValue(model: ModelDefinition | null, expression: string, values: Record<string, unknown>, options: EvaluateOptions = {}): unknown {
  try {
    return compiledOf(expression)(recordVariables(model, values), options) ?? null;
  } catch {
    return null;
  }
}

// Linkage conditions written as expressions see the same variables.
setExpressionEvaluator((expression, values) => compiledOf(expression)(recordVariables(null, values)));

/** Field keys an expression reads: bare identifiers and record.x / record['x']. */
export function expressionReads(expression: string): Set<string> {
  const found = new Set<string>();
  let tree: unknown;
  try {
    tree = parse(expression);
  } catch {
    return found;
  }
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (n.type === 'Identifier') found.add(String(n.name));
    else if (n.type === 'MemberExpression') {
      const object = n.object as Record<string, unknown>;
      const property = n.property as Record<string, unknown>;
      if (object?.type === 'Identifier' && object.name === 'record') {
        if (!n.computed && property?.type === 'Identifier') found.add(String(property.name));
        else if (property?.type === 'Literal') found.add(String(property.value));
        else walk(property);
        return;
      }
      walk(object);
      if (n.computed) walk(property);
      return;
    }
    for (const key in n) if (key !== 'type') walk(n[key]);
  };
  walk(tree);
  return found;
}

const orders = new WeakMap<ModelDefinition, FieldDefinition[]>();

/** Formula fields in the order the server computes them: a formula after the formulas it reads. */
export function formulaOrder(model: ModelDefinition): FieldDefinition[] {
  let order = orders.get(model);
  if (order) return order;
  const formulas = model.fields.filter((f) => f.type === 'formula' && !f.retired && f.formula?.expression);
  const byKey = new Map(formulas.map((f) => [f.key, f]));
  const state = new Map<string, number>();
  order = [];
  const visit = (f: FieldDefinition) => {
    if (state.get(f.key)) return; // done, or a cycle (the server refuses those when the model is saved)
    state.set(f.key, 1);
    for (const dep of [...expressionReads(f.formula!.expression)].sort()) {
      const d = byKey.get(dep);
      if (d) visit(d);
    }
    state.set(f.key, 2);
    order!.push(f);
  };
  formulas.forEach(visit);
  orders.set(model, order);
  return order;
}

/** A formula's value as the server stores it: numbers cut to 15 significant digits, by result type. */
function asResult(value: unknown, resultType: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  switch (resultType ?? 'number') {
    case 'text':
      return typeof value === 'string' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
    case 'datetime':
      return typeof value === 'string' ? value : null;
    default: {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? Number(n.toPrecision(15)) : null;
    }
  }
}

/** The record's formula fields computed from its values; a formula that fails is empty (the server reports why on save). */
export function computeFormulas(model: ModelDefinition, values: Record<string, unknown>, options: EvaluateOptions = {}): Record<string, unknown> {
  const order = formulaOrder(model);
  if (order.length === 0) return values;
  const record = { ...values };
  const vars = recordVariables(model, record);
  for (const f of order) {
    let v: unknown = null;
    try {
      v = asResult(compiledOf(f.formula!.expression)(vars, options), f.formula!.resultType);
    } catch {
      v = null;
    }
    record[f.key] = v;
    if (f.key in vars && f.key !== 'record') vars[f.key] = v;
    vars.record = record;
  }
  return record;
}

export interface RuleUser {
  id: string;
  userName: string;
  departmentId?: string | null;
  roles: string[];
  isAdmin?: boolean;
}

/** The signed-in user as rules see them: roles of this app by key ("manager"), plus "admin" (as on the server). */
export function ruleUser(me: { id: string; userName: string; departmentId?: string | null; roles: string[]; isAdmin?: boolean }, app: string): RuleUser {
  const prefix = `${app}/`;
  const roles = me.roles.filter((r) => r === 'admin' || r.startsWith(prefix)).map((r) => (r === 'admin' ? r : r.slice(prefix.length)));
  return { id: me.id, userName: me.userName, departmentId: me.departmentId ?? null, roles, isAdmin: !!me.isAdmin };
}

export interface RuleFailure {
  rule: ValidationRule;
  /** The field key the message belongs to, or "_rules". */
  key: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The model's validation rules that fail for these values, as the server checks them. A rule the
 * browser cannot evaluate (e.g. it needs something the form does not have) is left to the server.
 */
export function failingRules(model: ModelDefinition, values: Record<string, unknown>, before: Record<string, unknown> | null, user: RuleUser | null, options: EvaluateOptions = {}): RuleFailure[] {
  const rules = model.rules ?? [];
  if (rules.length === 0) return [];
  const record: Record<string, unknown> = {};
  for (const f of model.fields) if (!f.retired) record[f.key] = values[f.key] ?? null;
  for (const key in values) if (!(key in record)) record[key] = values[key];
  const changed = new HostFunction((field) => {
    const key = String(field);
    return before === null ? !(record[key] === null || record[key] === undefined) : !same(record[key], before[key]);
  });
  const vars = { record, before, user: user ?? null, isSystem: false, changed };
  const out: RuleFailure[] = [];
  for (const rule of rules) {
    try {
      if (rule.when && !compiledOf(rule.when)(vars, options)) continue;
      if (!compiledOf(rule.assert)(vars, options)) out.push({ rule, key: rule.field ?? '_rules' });
    } catch {
      // left to the server, which reports a rule it cannot evaluate
    }
  }
  return out;
}
