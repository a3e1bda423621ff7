// Dates in the configured zone (mirrors DateFunctions.cs). Adding to a date gives a date, to a
// date-time a date-time; start/end of week/month/quarter/year give dates. Weeks start on Monday.
import type { FunctionCall, FunctionContext } from './args';
import { normalize } from './decimal';
import {
  addMonthsLocal, type DateValue, dayNumber, daysInMonth, isoWeekday, ofDate, ofDayNumber,
  ofInstant, partsOf, toInstant,
} from './dateValue';

type Fn = (c: FunctionCall) => unknown;
const DAY = 86_400_000;

export function today(context: FunctionContext): number {
  return dayNumber(ofInstant(context.now, context.zone));
}

export function startOfWeek(day: number): number {
  return day + 1 - isoWeekday(ofDayNumber(day));
}

export function endOfMonth(year: number, month: number): DateValue {
  return ofDate(year, month, daysInMonth(year, month));
}

const quarterStart = (month: number) => Math.floor((month - 1) / 3) * 3 + 1;

function map(c: FunctionCall, f: (v: DateValue) => DateValue): string | null {
  const v = c.dateOrNull(0);
  return v ? c.format(f(v)) : null;
}

function part(c: FunctionCall, f: (v: DateValue) => number): number | null {
  const v = c.dateOrNull(0);
  return v ? f(v) : null;
}

function add(c: FunctionCall, f: (local: number, n: number) => number): string | null {
  const v = c.dateOrNull(0);
  if (!v) return null;
  const n = c.integer(1, 0, -1_000_000, 1_000_000);
  const local = f(v.local, n);
  const year = partsOf(local).year;
  if (!Number.isFinite(local) || year < 1 || year > 9999) throw c.fail('the result is outside the years 1 to 9999');
  return c.format({ local, hasTime: v.hasTime });
}

function addTime(c: FunctionCall, unitSeconds: number): string | null {
  const v = c.dateOrNull(0);
  if (!v) return null;
  const n = c.requiredNumber(1);
  const instant = toInstant(v, c.context.zone) + roundHalfToEven(n * unitSeconds) * 1000;
  return c.format(ofInstant(instant, c.context.zone));
}

// .NET's Math.Round default is banker's rounding; AddSeconds(Math.Round(x)) on the server uses it too.
function roundHalfToEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff !== 0.5) return Math.round(x);
  return f % 2 === 0 ? f : f + 1;
}

function elapsed(c: FunctionCall, secondsPerUnit: number): number | null {
  const a = c.dateOrNull(0);
  const b = c.dateOrNull(1);
  if (!a || !b) return null;
  const seconds = (toInstant(b, c.context.zone) - toInstant(a, c.context.zone)) / 1000;
  return normalize(seconds / secondsPerUnit);
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const TOKENS = ['YYYY', 'dddd', 'ddd', 'MM', 'DD', 'HH', 'mm', 'ss', 'M', 'D', 'H'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Tokens: YYYY MM M DD D HH H mm ss, dddd (星期一) and ddd (周一); anything else is copied. */
export function formatPattern(v: DateValue, pattern: string): string {
  const p = partsOf(v);
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const token = TOKENS.find((k) => pattern.startsWith(k, i));
    if (!token) {
      out += pattern[i];
      i++;
      continue;
    }
    const wd = WEEKDAYS[isoWeekday(v) - 1];
    out += {
      YYYY: pad(p.year, 4), MM: pad(p.month), M: String(p.month), DD: pad(p.day), D: String(p.day),
      HH: pad(p.hour), H: String(p.hour), mm: pad(p.minute), ss: pad(p.second), dddd: '星期' + wd, ddd: '周' + wd,
    }[token];
    i += token.length;
  }
  return out;
}

export const dateFunctions: Record<string, Fn> = {
  now: (c) => c.format(ofInstant(c.context.now, c.context.zone)),
  today: (c) => c.format(ofDayNumber(today(c.context))),
  date: (c) => {
    const y = c.integer(0, 1, 1, 9999);
    const m = c.integer(1, 1, 1, 12);
    const d = c.integer(2, 1, 1, 31);
    if (d > daysInMonth(y, m)) throw c.fail(`${y}-${pad(m)} has no day ${d}`);
    return c.format(ofDate(y, m, d));
  },
  toDate: (c) => map(c, (v) => ofDayNumber(dayNumber(v))),
  year: (c) => part(c, (v) => partsOf(v).year),
  month: (c) => part(c, (v) => partsOf(v).month),
  day: (c) => part(c, (v) => partsOf(v).day),
  hour: (c) => part(c, (v) => partsOf(v).hour),
  minute: (c) => part(c, (v) => partsOf(v).minute),
  weekday: (c) => part(c, (v) => isoWeekday(v)),
  addDays: (c) => add(c, (t, n) => t + n * DAY),
  addWeeks: (c) => add(c, (t, n) => t + 7 * n * DAY),
  addMonths: (c) => add(c, (t, n) => addMonthsLocal(t, n)),
  addYears: (c) => add(c, (t, n) => addMonthsLocal(t, 12 * n)),
  addHours: (c) => addTime(c, 3600),
  addMinutes: (c) => addTime(c, 60),
  diffDays: (c) => {
    const a = c.dateOrNull(0);
    const b = c.dateOrNull(1);
    return a && b ? dayNumber(b) - dayNumber(a) : null;
  },
  diffHours: (c) => elapsed(c, 3600),
  diffMinutes: (c) => elapsed(c, 60),
  startOfWeek: (c) => map(c, (v) => ofDayNumber(startOfWeek(dayNumber(v)))),
  endOfWeek: (c) => map(c, (v) => ofDayNumber(startOfWeek(dayNumber(v)) + 6)),
  startOfMonth: (c) => map(c, (v) => ofDate(partsOf(v).year, partsOf(v).month, 1)),
  endOfMonth: (c) => map(c, (v) => endOfMonth(partsOf(v).year, partsOf(v).month)),
  startOfQuarter: (c) => map(c, (v) => ofDate(partsOf(v).year, quarterStart(partsOf(v).month), 1)),
  endOfQuarter: (c) => map(c, (v) => endOfMonth(partsOf(v).year, quarterStart(partsOf(v).month) + 2)),
  startOfYear: (c) => map(c, (v) => ofDate(partsOf(v).year, 1, 1)),
  endOfYear: (c) => map(c, (v) => ofDate(partsOf(v).year, 12, 31)),
  formatDate: (c) => {
    const v = c.dateOrNull(0);
    return v ? formatPattern(v, c.count > 1 && c.at(1) !== null ? c.text(1) : 'YYYY-MM-DD') : null;
  },
};
