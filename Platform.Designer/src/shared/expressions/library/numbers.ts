// Arithmetic on decimals (mirrors NumberFunctions.cs): results carry 15 significant digits,
// rounding is half-up (away from zero) on the typed digits.
import { asNumber, type FunctionCall } from './args';
import { fixedText, normalize, roundDigits, type RoundMode } from './decimal';

type Fn = (c: FunctionCall) => unknown;

function roundWith(c: FunctionCall, mode: RoundMode, signed: boolean): number | null {
  const x = c.numberOrNull(0);
  if (x === null) return null;
  const places = c.integer(1, 0, -15, 15);
  if (signed && x < 0) mode = mode === 'up' ? 'down' : 'up';
  const r = roundDigits(x, places, mode);
  return r === 0 ? 0 : r;
}

function numbers(c: FunctionCall): number[] {
  const result: number[] = [];
  for (let i = 0; i < c.count; i++) {
    const v = c.at(i);
    if (Array.isArray(v)) {
      for (const item of v) {
        const [n, ok] = asNumber(item);
        if (!ok) throw c.refuse(i, 'numbers');
        if (n !== null) result.push(n);
      }
    } else {
      const n = c.numberOrNull(i);
      if (n !== null) result.push(n);
    }
  }
  return result;
}

const total = (ns: number[]) => ns.reduce((a, b) => normalize(a + b), 0);

export const numberFunctions: Record<string, Fn> = {
  round: (c) => roundWith(c, 'halfUp', false),
  roundUp: (c) => roundWith(c, 'up', false),
  roundDown: (c) => roundWith(c, 'down', false),
  ceil: (c) => roundWith(c, 'up', true),
  floor: (c) => roundWith(c, 'down', true),
  abs: (c) => {
    const x = c.numberOrNull(0);
    return x === null ? null : Math.abs(x);
  },
  sum: (c) => total(numbers(c)),
  avg: (c) => {
    const n = numbers(c);
    return n.length > 0 ? normalize(total(n) / n.length) : null;
  },
  min: (c) => {
    const n = numbers(c);
    return n.length > 0 ? Math.min(...n) : null;
  },
  max: (c) => {
    const n = numbers(c);
    return n.length > 0 ? Math.max(...n) : null;
  },
  sub: (c) => normalize(c.number(0, 0) - c.number(1, 0)),
  mul: (c) => numbers(c).reduce((a, b) => normalize(a * b), 1),
  div: (c) => {
    const b = c.number(1, 0);
    if (b === 0) throw c.fail('division by zero');
    return normalize(c.number(0, 0) / b);
  },
  mod: (c) => {
    const b = c.number(1, 0);
    if (b === 0) throw c.fail('division by zero');
    return normalize(c.number(0, 0) % b);
  },
  toNumber: (c) => c.numberOrNull(0),
  fixed: (c) => {
    const x = c.numberOrNull(0);
    return x === null ? null : fixedText(x, c.integer(1, 2, 0, 15), false);
  },
  formatNumber: (c) => {
    const x = c.numberOrNull(0);
    return x === null ? null : fixedText(x, c.integer(1, 0, 0, 15), true);
  },
};
