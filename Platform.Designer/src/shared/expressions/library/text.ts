// Text functions (mirrors TextFunctions.cs): lengths and positions count characters (code points),
// positions start at 1; null reads as "".
import { type FunctionCall, INT_MAX, toText } from './args';

type Fn = (c: FunctionCall) => unknown;

export const chars = (s: string): string[] => Array.from(s);

function pad(c: FunctionCall, start: boolean): string {
  const s = c.text(0);
  const width = c.integer(1, 0, 0, 10_000);
  const fill = c.count > 2 ? c.text(2) : ' ';
  const missing = width - chars(s).length;
  if (missing <= 0 || fill.length === 0) return s;
  const fillChars = chars(fill);
  let padding = '';
  for (let i = 0; i < missing; i++) padding += fillChars[i % fillChars.length];
  return start ? padding + s : s + padding;
}

export const textFunctions: Record<string, Fn> = {
  len: (c) => chars(c.text(0)).length,
  upper: (c) => c.text(0).toUpperCase(),
  lower: (c) => c.text(0).toLowerCase(),
  trim: (c) => c.text(0).trim(),
  left: (c) => chars(c.text(0)).slice(0, c.integer(1, 1, 0, INT_MAX)).join(''),
  right: (c) => {
    const s = chars(c.text(0));
    const n = c.integer(1, 1, 0, INT_MAX);
    return s.slice(Math.max(0, s.length - n)).join('');
  },
  mid: (c) => {
    const s = chars(c.text(0));
    const start = c.integer(1, 1, 1, INT_MAX);
    const count = c.integer(2, INT_MAX, 0, INT_MAX);
    return s.slice(start - 1, start - 1 + count).join('');
  },
  concat: (c) => c.args.map((v) => toText(v)).join(''),
  contains: (c) => c.text(0).includes(c.text(1)),
  startsWith: (c) => c.text(0).startsWith(c.text(1)),
  endsWith: (c) => c.text(0).endsWith(c.text(1)),
  replace: (c) => (c.text(1).length === 0 ? c.text(0) : c.text(0).split(c.text(1)).join(c.text(2))),
  split: (c) => {
    const s = c.text(0);
    const sep = c.count > 1 ? c.text(1) : ',';
    if (s.length === 0) return [];
    return sep.length === 0 ? chars(s) : s.split(sep);
  },
  join: (c) => c.list(0).map(toText).join(c.count > 1 ? c.text(1) : ','),
  padStart: (c) => pad(c, true),
  padEnd: (c) => pad(c, false),
  text: (c) => toText(c.at(0)),
  isEmpty: (c) => {
    const v = c.at(0);
    if (v === null) return true;
    if (typeof v === 'string') return v.trim().length === 0;
    if (Array.isArray(v)) return v.length === 0;
    return false;
  },
  coalesce: (c) => {
    for (const v of c.args) if (v !== null && v !== undefined && v !== '') return v;
    return null;
  },
  get: (c) => {
    let current: unknown = c.at(0);
    for (const part of c.text(1).split('.').filter((p) => p.length > 0)) {
      if (Array.isArray(current)) current = /^[0-9]+$/.test(part) && Number(part) < current.length ? current[Number(part)] : null;
      else if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, part))
        current = (current as Record<string, unknown>)[part];
      else current = null;
      if (current === null || current === undefined) break;
    }
    return current ?? c.at(2);
  },
};
