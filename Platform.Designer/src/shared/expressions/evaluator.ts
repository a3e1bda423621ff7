// A safe evaluator over the parsed tree: no eval, no new Function, no access to anything but the
// variables given, their own data properties, a few pure methods and the function library.
// Operators are JavaScript's own, so results match the server's Jint evaluation.
import { ExpressionError } from './errors';
import { FunctionCall, type FunctionContext } from './library/args';
import { chinaCalendar, type WorkCalendar } from './library/calendar';
import { formatDate, ofInstant, readDate, toInstant } from './library/dateValue';
import { functions, isLibraryFunction } from './library/functions';
import { type Node, type ObjectProperty, parse } from './parser';

export interface EvaluateOptions {
  /** The evaluation's "now": a Date, an ISO string or ms since the epoch. Default: the clock. */
  now?: Date | string | number;
  /** IANA zone dates are read and written in. Default: Asia/Shanghai. */
  zone?: string;
  /** Working-day calendar. Default: China's shipped calendar. */
  calendar?: WorkCalendar;
}

export const DEFAULT_ZONE = 'Asia/Shanghai';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
const STRING_METHODS = new Set(['toUpperCase', 'toLowerCase', 'trim', 'trimStart', 'trimEnd', 'includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'slice', 'substring', 'charAt', 'split', 'at']);
const ARRAY_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf', 'join', 'slice', 'concat', 'at']);
const MATH = Object.freeze({
  abs: Math.abs, ceil: Math.ceil, floor: Math.floor, max: Math.max, min: Math.min, pow: Math.pow,
  round: Math.round, sign: Math.sign, sqrt: Math.sqrt, trunc: Math.trunc, PI: Math.PI, E: Math.E,
});
const GLOBALS: Record<string, unknown> = { Math: MATH, NaN: NaN, Infinity: Infinity };

/** Marks an optional chain (a?.b.c) cut short: the whole chain is undefined. */
const SHORT = Symbol('short-circuit');

interface Scope {
  variables: Record<string, unknown>;
  context: FunctionContext;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function nowOf(now: EvaluateOptions['now'], zone: string): number {
  if (now === undefined) return Date.now();
  if (typeof now === 'number') return now;
  if (now instanceof Date) return now.getTime();
  const d = readDate(now, zone);
  if (!d) throw new ExpressionError(`"now" is not a date: ${now}`);
  return toInstant(d, zone);
}

export function contextOf(options: EvaluateOptions = {}): FunctionContext {
  const zone = options.zone ?? DEFAULT_ZONE;
  return { now: nowOf(options.now, zone), zone, calendar: options.calendar ?? chinaCalendar };
}

/** Evaluates an expression with variables (e.g. { record, user }); throws ExpressionError on any failure. */
export function evaluate(expression: string, variables: Record<string, unknown> = {}, options: EvaluateOptions = {}): unknown {
  const tree = parse(expression);
  const context = contextOf(options);
  return result(run(tree, { variables, context }), context.zone, 0);
}

/** A parsed expression for repeated evaluation (live formulas re-run on every change). */
export function compile(expression: string): (variables?: Record<string, unknown>, options?: EvaluateOptions) => unknown {
  const tree = parse(expression);
  return (variables = {}, options = {}) => {
    const context = contextOf(options);
    return result(run(tree, { variables, context }), context.zone, 0);
  };
}

/** Values as the server returns them: undefined → null, non-finite numbers → null, Dates → ISO strings. */
function result(v: unknown, zone: string, depth: number): unknown {
  if (depth > 32) throw new ExpressionError('The result is nested too deeply (or refers to itself).');
  if (v === undefined || v === null || v === SHORT) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? formatDate(ofInstant(v.getTime(), zone), zone) : null;
  if (typeof v === 'function' || v instanceof LibraryRef || v instanceof MethodRef || v instanceof HostFunction) throw new ExpressionError('The expression gave a function, not a value.');
  if (Array.isArray(v)) return v.map((x) => result(x, zone, depth + 1));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = result(v[k], zone, depth + 1);
    return out;
  }
  return String(v);
}

/**
 * A function the caller puts among the variables (e.g. `changed(f)` for validation rules). Only
 * values wrapped like this can be called; plain functions in the variables stay uncallable.
 */
export class HostFunction {
  constructor(readonly fn: (...args: unknown[]) => unknown) {}
}

class LibraryRef {
  constructor(readonly name: string) {}
}

class MethodRef {
  constructor(readonly target: unknown, readonly name: string) {}
}

/** A value read from the variables: Dates become ISO strings in the zone, as on the server. */
function incoming(v: unknown, zone: string): unknown {
  return v instanceof Date ? (Number.isFinite(v.getTime()) ? formatDate(ofInstant(v.getTime(), zone), zone) : null) : v;
}

function typeError(message: string): ExpressionError {
  return new ExpressionError(`TypeError: ${message}`);
}

function run(node: Node, scope: Scope): unknown {
  const v = evalNode(node, scope);
  return v === SHORT ? undefined : v;
}

function evalNode(node: Node, scope: Scope): unknown {
  switch (node.type) {
    case 'Literal':
      return (node as unknown as { value: unknown }).value;
    case 'Identifier': {
      const name = (node as unknown as { name: string }).name;
      if (Object.prototype.hasOwnProperty.call(scope.variables, name)) return incoming(scope.variables[name], scope.context.zone);
      if (isLibraryFunction(name)) return new LibraryRef(name);
      if (Object.prototype.hasOwnProperty.call(GLOBALS, name)) return GLOBALS[name];
      throw new ExpressionError(`ReferenceError: ${name} is not defined`);
    }
    case 'MemberExpression':
      return member(node, scope);
    case 'CallExpression':
      return call(node, scope);
    case 'UnaryExpression': {
      const n = node as unknown as { operator: string; argument: Node };
      if (n.operator === 'typeof') {
        if (n.argument.type === 'Identifier') {
          const name = (n.argument as unknown as { name: string }).name;
          if (!Object.prototype.hasOwnProperty.call(scope.variables, name) && !isLibraryFunction(name) && !(name in GLOBALS)) return 'undefined';
        }
        const v = run(n.argument, scope);
        return v instanceof LibraryRef || v instanceof MethodRef || v instanceof HostFunction ? 'function' : typeof v;
      }
      const a = run(n.argument, scope) as number;
      switch (n.operator) {
        case '-': return -a;
        case '+': return +a;
        case '!': return !a;
        case '~': return ~a;
      }
      throw new ExpressionError(`The operator ${n.operator} is not supported.`);
    }
    case 'BinaryExpression':
      return binary(node as unknown as { operator: string; left: Node; right: Node }, scope);
    case 'ConditionalExpression': {
      const n = node as unknown as { test: Node; consequent: Node; alternate: Node };
      return run(n.test, scope) ? run(n.consequent, scope) : run(n.alternate, scope);
    }
    case 'ArrayExpression':
      return ((node as unknown as { elements: (Node | null)[] }).elements).map((e) => (e ? run(e, scope) : undefined));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of (node as unknown as { properties: ObjectProperty[] }).properties) {
        if (FORBIDDEN.has(p.key)) throw new ExpressionError(`The property name ${p.key} is not allowed.`);
        out[p.key] = run(p.value, scope);
      }
      return out;
    }
    case 'SequenceExpression': {
      let last: unknown;
      for (const e of (node as unknown as { expressions: Node[] }).expressions) last = run(e, scope);
      return last;
    }
    default:
      throw new ExpressionError(`The expression is not valid here: ${node.type} is not supported in the browser.`);
  }
}

function keyOf(node: { computed: boolean; property: Node }, scope: Scope): string {
  if (!node.computed) return (node.property as unknown as { name: string }).name;
  const k = run(node.property, scope);
  return typeof k === 'number' ? String(k) : String(k);
}

function member(node: Node, scope: Scope): unknown {
  const n = node as unknown as { object: Node; property: Node; computed: boolean; optional?: boolean };
  const target = evalNode(n.object, scope);
  if (target === SHORT) return SHORT;
  if (target === null || target === undefined) {
    if (n.optional) return SHORT;
    throw typeError(`Cannot read properties of ${target === null ? 'null' : 'undefined'} (reading '${keyOf(n, scope)}')`);
  }
  const key = keyOf(n, scope);
  return read(target, key, scope);
}

function read(target: unknown, key: string, scope: Scope): unknown {
  if (FORBIDDEN.has(key)) return undefined;
  if (target === MATH) return Object.prototype.hasOwnProperty.call(MATH, key) ? (MATH as Record<string, unknown>)[key] : undefined;
  if (typeof target === 'string') {
    if (key === 'length') return target.length;
    if (/^[0-9]+$/.test(key)) return target[Number(key)];
    if (STRING_METHODS.has(key)) return new MethodRef(target, key);
    return undefined;
  }
  if (Array.isArray(target)) {
    if (key === 'length') return target.length;
    if (/^[0-9]+$/.test(key)) return incoming(target[Number(key)], scope.context.zone);
    if (ARRAY_METHODS.has(key)) return new MethodRef(target, key);
    return undefined;
  }
  if (isPlainObject(target)) return Object.prototype.hasOwnProperty.call(target, key) ? incoming(target[key], scope.context.zone) : undefined;
  return undefined;
}

function call(node: Node, scope: Scope): unknown {
  const n = node as unknown as { callee: Node; arguments: Node[]; optional?: boolean };
  const callee = evalNode(n.callee, scope);
  if (callee === SHORT) return SHORT;
  const args = n.arguments.map((a) => run(a, scope));
  if (callee instanceof LibraryRef) {
    const fn = functions[callee.name];
    try {
      return fn(new FunctionCall(callee.name, args, scope.context));
    } catch (e) {
      if (e instanceof ExpressionError) throw e;
      throw new ExpressionError(`${callee.name}: ${(e as Error).message}`);
    }
  }
  if (callee instanceof HostFunction) return callee.fn(...args);
  if (callee instanceof MethodRef) {
    const method = (callee.target as Record<string, (...a: unknown[]) => unknown>)[callee.name];
    return method.apply(callee.target, args);
  }
  if (typeof callee === 'function' && Object.values(MATH).includes(callee as never)) return (callee as (...a: unknown[]) => unknown)(...args);
  if ((callee === null || callee === undefined) && n.optional) return SHORT;
  throw typeError(`${describeCallee(n.callee)} is not a function`);
}

function describeCallee(node: Node): string {
  if (node.type === 'Identifier') return (node as unknown as { name: string }).name;
  if (node.type === 'MemberExpression') {
    const m = node as unknown as { object: Node; property: Node; computed: boolean };
    return `${describeCallee(m.object)}.${m.computed ? '[…]' : (m.property as unknown as { name: string }).name}`;
  }
  return 'the expression';
}

function binary(n: { operator: string; left: Node; right: Node }, scope: Scope): unknown {
  switch (n.operator) {
    case '&&': return run(n.left, scope) && run(n.right, scope);
    case '||': return run(n.left, scope) || run(n.right, scope);
    case '??': return run(n.left, scope) ?? run(n.right, scope);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const a = run(n.left, scope) as any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const b = run(n.right, scope) as any;
  if (a instanceof LibraryRef || b instanceof LibraryRef || a instanceof MethodRef || b instanceof MethodRef)
    throw typeError('a function cannot be used as a value');
  switch (n.operator) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '**': return a ** b;
    case '==': return a == b;
    case '!=': return a != b;
    case '===': return a === b;
    case '!==': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '>>>': return a >>> b;
  }
  throw new ExpressionError(`The operator ${n.operator} is not supported.`);
}
