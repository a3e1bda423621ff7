// One call of a library function: the shared coercion rules and error wording of
// Platform.Runtime/Expressions/Library/FunctionCall.cs.
import { ExpressionError } from '../errors';
import type { WorkCalendar } from './calendar';
import { type DateValue, formatDate, readDate } from './dateValue';

export interface FunctionContext {
  /** The evaluation's current instant, ms since the epoch. */
  now: number;
  /** IANA zone dates are read and written in. */
  zone: string;
  calendar: WorkCalendar;
}

const NUMERIC = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
export const INT_MAX = 2147483647;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** [number|null, ok] */
export function asNumber(v: unknown): [number | null, boolean] {
  if (v === null || v === undefined) return [null, true];
  if (typeof v === 'number') return [v, true];
  if (typeof v === 'string') {
    const s = v.trim();
    if (s.length === 0) return [null, true];
    if (NUMERIC.test(s)) return [Number(s), true];
  }
  return [null, false];
}

export function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(toText).join(',');
  return '[object Object]';
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'an array';
  if (isPlainObject(v)) return 'an object';
  return toText(v);
}

export class FunctionCall {
  constructor(
    readonly name: string,
    readonly args: unknown[],
    readonly context: FunctionContext,
  ) {}

  get count(): number {
    return this.args.length;
  }

  at(i: number): unknown {
    const v = this.args[i];
    return v === undefined ? null : v;
  }

  refuse(i: number, expected: string): ExpressionError {
    return new ExpressionError(`${this.name}: argument ${i + 1} must be ${expected}, got ${describe(this.at(i))}`);
  }

  fail(message: string): ExpressionError {
    return new ExpressionError(`${this.name}: ${message}`);
  }

  numberOrNull(i: number): number | null {
    const [n, ok] = asNumber(this.at(i));
    if (!ok) throw this.refuse(i, 'a number');
    return n;
  }

  number(i: number, fallback: number): number {
    return this.numberOrNull(i) ?? fallback;
  }

  requiredNumber(i: number): number {
    const n = this.numberOrNull(i);
    if (n === null) throw this.refuse(i, 'a number');
    return n;
  }

  integer(i: number, fallback: number, min: number, max: number): number {
    const n = this.numberOrNull(i);
    if (n === null) return fallback;
    if (n !== Math.floor(n) || n < min || n > max) throw this.refuse(i, `a whole number from ${min} to ${max}`);
    return n;
  }

  text(i: number): string {
    const v = this.at(i);
    if (v === null) return '';
    if (typeof v === 'string') return v;
    if (Array.isArray(v) || isPlainObject(v)) throw this.refuse(i, 'text');
    return toText(v);
  }

  dateOrNull(i: number): DateValue | null {
    const v = this.at(i);
    if (v === null || v === '') return null;
    const d = readDate(v, this.context.zone);
    if (!d) throw this.refuse(i, 'a date');
    return d;
  }

  list(i: number): unknown[] {
    const v = this.at(i);
    if (v === null) return [];
    if (Array.isArray(v)) return [...v];
    throw this.refuse(i, 'an array');
  }

  format(d: DateValue): string {
    return formatDate(d, this.context.zone);
  }
}
