// A number seen as the decimal a person typed: the shortest round-trip digits (1.005 is 1005×10^-3).
// Mirrors Platform.Runtime/Expressions/Library/DecimalDigits.cs step by step, so both sides agree.

export interface DecimalDigits {
  negative: boolean;
  digits: string;
  exponent: number;
}

export function digitsOf(x: number): DecimalDigits {
  if (x === 0) return { negative: false, digits: '0', exponent: 0 };
  let s = String(x);
  const negative = s[0] === '-';
  if (negative) s = s.slice(1);
  let exponent = 0;
  const e = s.search(/[eE]/);
  if (e >= 0) {
    exponent = Number(s.slice(e + 1));
    s = s.slice(0, e);
  }
  const dot = s.indexOf('.');
  if (dot >= 0) {
    exponent -= s.length - dot - 1;
    s = s.slice(0, dot) + s.slice(dot + 1);
  }
  s = s.replace(/^0+/, '');
  const trimmed = s.replace(/0+$/, '');
  exponent += s.length - trimmed.length;
  return { negative, digits: trimmed, exponent };
}

export type RoundMode = 'halfUp' | 'up' | 'down';

function increment(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] !== '9') {
      chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return '1' + chars.join('');
}

/** Rounds to `places` decimals (negative: tens, hundreds …). */
export function roundDigits(x: number, places: number, mode: RoundMode): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const d = digitsOf(x);
  if (d.exponent >= -places) return x;
  const keep = d.digits.length + d.exponent + places;
  let kept: string;
  let up: boolean;
  if (keep < 0) {
    kept = '0';
    up = mode === 'up';
  } else {
    kept = keep === 0 ? '0' : d.digits.slice(0, keep);
    const dropped = d.digits.slice(keep);
    up = mode === 'halfUp' ? dropped[0] >= '5' : mode === 'up' ? /[1-9]/.test(dropped) : false;
  }
  if (up) kept = increment(kept);
  const result = Number(kept + 'e' + String(-places));
  return d.negative ? -result : result;
}

/** Cuts binary noise: 0.1 + 0.2 becomes 0.3 (15 significant digits, like a spreadsheet). */
export function normalize(x: number): number {
  return !Number.isFinite(x) || x === 0 ? x : Number(x.toExponential(14));
}

/** Fixed decimals with half-up rounding and optional thousands separators. */
export function fixedText(x: number, places: number, grouping: boolean): string {
  const r = roundDigits(x, places, 'halfUp');
  const d = digitsOf(r);
  let digits = d.digits === '0' ? '0' : d.digits;
  let exp = d.digits === '0' ? 0 : d.exponent;
  if (exp > 0) {
    digits += '0'.repeat(exp);
    exp = 0;
  }
  let frac = -exp;
  if (frac < places) {
    digits += '0'.repeat(places - frac);
    frac = places;
  }
  if (digits.length <= frac) digits = '0'.repeat(frac - digits.length + 1) + digits;
  let intPart = frac === 0 ? digits : digits.slice(0, digits.length - frac);
  const fracPart = frac === 0 ? '' : digits.slice(digits.length - frac);
  if (grouping) for (let i = intPart.length - 3; i > 0; i -= 3) intPart = intPart.slice(0, i) + ',' + intPart.slice(i);
  const text = fracPart.length > 0 ? intPart + '.' + fracPart : intPart;
  return (d.negative && r !== 0 ? '-' : '') + text;
}
