// Dates as expressions see them: wall-clock time in the configured zone, written as ISO strings —
// "2025-10-01" (a date) or "2025-10-01T09:30:00+08:00" (a date-time, seconds precision).
// Mirrors Platform.Runtime/Expressions/Library/DateValue.cs. Never uses the machine's zone.

const DAY = 86_400_000;

/** `local` is the wall clock in the zone, counted in ms as if it were UTC (so getUTC* read it). */
export interface DateValue {
  local: number;
  hasTime: boolean;
}

const ISO = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC in ms at an instant. */
export function offsetAt(instant: number, zone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const parts = formatter(zone).formatToParts(new Date(whole));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const hour = get('hour') % 24;
  const year = get('year');
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year, get('month') - 1, get('day'));
  asUtc.setUTCHours(hour, get('minute'), get('second'), 0);
  return asUtc.getTime() - whole;
}

export function daysInMonth(year: number, month: number): number {
  const t = new Date(0);
  t.setUTCFullYear(year, month, 0);
  return t.getUTCDate();
}

export function makeLocal(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

export function ofDate(y: number, mo: number, d: number): DateValue {
  return { local: makeLocal(y, mo, d), hasTime: false };
}

export function ofInstant(instant: number, zone: string): DateValue {
  const whole = Math.floor(instant / 1000) * 1000;
  return { local: whole + offsetAt(whole, zone), hasTime: true };
}

export function toInstant(v: DateValue, zone: string): number {
  const guess = v.local - offsetAt(v.local, zone);
  return v.local - offsetAt(guess, zone);
}

/** Reads an ISO string (with or without time/offset) or a Date; null when it is neither. */
export function readDate(value: unknown, zone: string): DateValue | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? ofInstant(value.getTime(), zone) : null;
  if (typeof value !== 'string') return null;
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const part = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const [y, mo, d, h, mi, s] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59 || y < 1) return null;
  const local = makeLocal(y, mo, d, h, mi, s);
  if (m[4] === undefined) return { local, hasTime: false };
  if (m[7] === undefined) return { local, hasTime: true };
  const z = m[7];
  const offset = z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2))) * 60_000;
  return ofInstant(local - offset, zone);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatDate(v: DateValue, zone: string): string {
  const t = new Date(v.local);
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  if (!v.hasTime) return date;
  const offset = Math.round(offsetAt(toInstant(v, zone), zone) / 60_000);
  const abs = Math.abs(offset);
  return `${date}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function partsOf(v: DateValue | number): Parts {
  const t = new Date(typeof v === 'number' ? v : v.local);
  return {
    year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(),
    hour: t.getUTCHours(), minute: t.getUTCMinutes(), second: t.getUTCSeconds(),
  };
}

/** The date part as a day number (days since 1970-01-01), for date-only arithmetic. */
export function dayNumber(v: DateValue): number {
  return Math.floor(v.local / DAY);
}

export function ofDayNumber(n: number): DateValue {
  return { local: n * DAY, hasTime: false };
}

/** 1 = Monday … 7 = Sunday (ISO; weeks start on Monday, the Chinese convention). */
export function isoWeekday(v: DateValue): number {
  const d = new Date(v.local).getUTCDay();
  return d === 0 ? 7 : d;
}

/** .NET's AddMonths: the day is clamped to the target month's length; time of day kept. */
export function addMonthsLocal(local: number, months: number): number {
  const p = partsOf(local);
  const total = p.year * 12 + (p.month - 1) + months;
  const y = Math.floor(total / 12);
  const mo = (total % 12) + 1;
  if (y < 1 || y > 9999) throw new RangeError('out of range');
  return makeLocal(y, mo, Math.min(p.day, daysInMonth(y, mo)), p.hour, p.minute, p.second);
}
