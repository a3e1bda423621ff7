// nextDateFromText(text, now?): the date a Chinese phrase points at, or null. Same rules, same order
// and same patterns as RelativeDateText.cs (see there and docs/expressions.md for the phrases).
import type { FunctionCall } from './args';
import { dayNumber, daysInMonth, isoWeekday, ofDayNumber, partsOf } from './dateValue';
import { endOfMonth, startOfWeek, today as todayOf } from './dates';

const NUM = '([0-9]+|[零一二两三四五六七八九十]+)';
const PREFIX = '(下下|下|上|这|本)';
const WEEK = '(?:周|星期|礼拜)';
const WEEKDAY = '([一二三四五六日天1-7])';

type Resolve = (m: RegExpExecArray, today: number) => number | null;

function make(y: number, m: number, d: number): number | null {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? dayNumber(ofYmd(y, m, d)) : null;
}

function ofYmd(y: number, m: number, d: number) {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return { local: t.getTime(), hasTime: false };
}

const offset = (prefix: string) => (prefix === '下下' ? 2 : prefix === '下' ? 1 : prefix === '上' ? -1 : 0);

function ymd(day: number) {
  return partsOf(ofDayNumber(day));
}

function monthOf(today: number, prefix: string): number {
  const p = ymd(today);
  const total = p.year * 12 + (p.month - 1) + offset(prefix);
  return make(Math.floor(total / 12), (total % 12) + 1, 1)!;
}

function addMonths(day: number, n: number): number {
  const p = ymd(day);
  const total = p.year * 12 + (p.month - 1) + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return make(y, m, Math.min(p.day, daysInMonth(y, m)))!;
}

const weekdayOf = (ch: string) => ({ 一: 1, '1': 1, 二: 2, '2': 2, 三: 3, '3': 3, 四: 4, '4': 4, 五: 5, '5': 5, 六: 6, '6': 6 })[ch] ?? 7;
const wd = (day: number) => isoWeekday(ofDayNumber(day));
const DIGITS = '零一二三四五六七八九';

/** Digits or Chinese numerals up to 99 (十五, 二十三, 两); null when it is neither. */
export function chineseNumber(s: string): number | null {
  if (/^[0-9]+$/.test(s)) return s.length <= 5 ? Number(s) : null;
  const digitOf = (ch: string) => (ch === '两' ? 2 : DIGITS.indexOf(ch));
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 && digitOf(s[0]) >= 0 ? digitOf(s[0]) : null;
  if (s.lastIndexOf('十') !== ten || ten > 1 || s.length - ten > 2) return null;
  const tens = ten === 0 ? 1 : digitOf(s[0]);
  const ones = ten === s.length - 1 ? 0 : digitOf(s[ten + 1]);
  return tens <= 0 || ones < 0 ? null : tens * 10 + ones;
}

const RULES: [RegExp, Resolve][] = [
  [new RegExp('([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})'), (m) => make(Number(m[1]), Number(m[2]), Number(m[3]))],
  [new RegExp(NUM + '(天|日|个?星期|个?礼拜|周|个月|年)(?:以后|之后|后)'), (m, t) => {
    const n = chineseNumber(m[1]);
    if (n === null) return null;
    switch (m[2]) {
      case '天': case '日': return t + n;
      case '个月': return addMonths(t, n);
      case '年': return addMonths(t, 12 * n);
      default: return t + 7 * n;
    }
  }],
  [/大后天/, (_, t) => t + 3],
  [/大前天/, (_, t) => t - 3],
  [/后天/, (_, t) => t + 2],
  [/明天|明日/, (_, t) => t + 1],
  [/今天|今日/, (_, t) => t],
  [/昨天|昨日/, (_, t) => t - 1],
  [/前天/, (_, t) => t - 2],
  [new RegExp(PREFIX + '个?' + WEEK + WEEKDAY), (m, t) => startOfWeek(t) + 7 * offset(m[1]) + weekdayOf(m[2]) - 1],
  [new RegExp(PREFIX + '?个?' + WEEK + '末'), (m, t) =>
    m[1] !== undefined && offset(m[1]) !== 0 ? startOfWeek(t) + 7 * offset(m[1]) + 5 : wd(t) === 7 ? t : startOfWeek(t) + 5],
  [new RegExp(WEEK + WEEKDAY), (m, t) => t + ((weekdayOf(m[1]) - wd(t) + 7) % 7)],
  [new RegExp(NUM + '月' + NUM + '[日号]'), (m, t) => {
    const mo = chineseNumber(m[1]);
    const d = chineseNumber(m[2]);
    if (mo === null || d === null) return null;
    const year = ymd(t).year;
    const thisYear = make(year, mo, d);
    return thisYear !== null && thisYear < t ? make(year + 1, mo, d) : make(year, mo, d);
  }],
  [new RegExp(NUM + '月(底|末|初)'), (m, t) => {
    const mo = chineseNumber(m[1]);
    if (mo === null || mo < 1 || mo > 12) return null;
    const year = ymd(t).year;
    return m[2] === '初' ? make(year, mo, 1) : dayNumber(endOfMonth(year, mo));
  }],
  [new RegExp(PREFIX + '个?月' + NUM + '[日号]'), (m, t) => {
    const d = chineseNumber(m[2]);
    if (d === null) return null;
    const first = ymd(monthOf(t, m[1]));
    return make(first.year, first.month, d);
  }],
  [new RegExp(PREFIX + '?个?月(底|末|初)'), (m, t) => {
    const first = monthOf(t, m[1] ?? '本');
    const p = ymd(first);
    return m[2] === '初' ? first : dayNumber(endOfMonth(p.year, p.month));
  }],
  [/年底|年末/, (_, t) => make(ymd(t).year, 12, 31)],
  [new RegExp('(下下|下)个?' + WEEK), (m, t) => startOfWeek(t) + 7 * offset(m[1])],
  [/(下下|下)个?月/, (m, t) => monthOf(t, m[1])],
  [new RegExp(NUM + '[日号]'), (m, t) => {
    const d = chineseNumber(m[1]);
    if (d === null) return null;
    const p = ymd(t);
    const thisMonth = make(p.year, p.month, d);
    if (thisMonth !== null && thisMonth >= t) return thisMonth;
    const next = ymd(monthOf(t, '下'));
    return make(next.year, next.month, d);
  }],
];

/** Full-width digits become ASCII digits; white space goes. */
function normalizeText(text: string): string {
  return Array.from(text)
    .filter((ch) => !/\s/.test(ch))
    .map((ch) => (ch >= '０' && ch <= '９' ? String.fromCharCode(48 + ch.charCodeAt(0) - 0xff10) : ch))
    .join('');
}

export function parseRelativeDate(text: string, today: number): number | null {
  const s = normalizeText(text);
  for (const [pattern, resolve] of RULES) {
    const m = pattern.exec(s);
    if (!m) continue;
    const day = resolve(m, today);
    if (day === null || !Number.isFinite(day)) return null;
    const y = ymd(day).year;
    return y >= 1 && y <= 9999 ? day : null;
  }
  return null;
}

export function nextDateFromText(c: FunctionCall): string | null {
  const explicit = c.count > 1 && c.at(1) !== null ? c.dateOrNull(1) : null;
  const today = explicit ? dayNumber(explicit) : todayOf(c.context);
  const day = parseRelativeDate(c.text(0), today);
  return day === null ? null : c.format(ofDayNumber(day));
}
