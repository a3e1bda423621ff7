// Working days: Monday–Friday, except listed holidays, plus listed make-up working days (调休上班).
// The shipped data is the server's own files (Platform.Runtime/Expressions/Calendar/Data), so both sides
// know the same holidays; admin edits fetched from the server are applied with `withDays`.
import cn2025 from '../../../../../Platform.Runtime/Expressions/Calendar/Data/cn-2025.json';
import cn2026 from '../../../../../Platform.Runtime/Expressions/Calendar/Data/cn-2026.json';
import cn2027 from '../../../../../Platform.Runtime/Expressions/Calendar/Data/cn-2027.json';
import { dayNumber, isoWeekday, ofDayNumber, readDate } from './dateValue';

export interface CalendarDay {
  date: string; // YYYY-MM-DD
  isWorkday: boolean;
  name: string;
}

interface YearFile {
  holidays: { name: string; from: string; to: string }[];
  workdays: { name: string; date: string }[];
}

function dayOf(date: string): number {
  const v = readDate(date, 'UTC');
  if (!v || v.hasTime) throw new Error(`calendar: ${date} is not a date`);
  return dayNumber(v);
}

export function parseYear(file: YearFile): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (const h of file.holidays)
    for (let d = dayOf(h.from); d <= dayOf(h.to); d++) days.push({ date: isoOf(d), isWorkday: false, name: h.name });
  for (const w of file.workdays) days.push({ date: w.date, isWorkday: true, name: w.name });
  return days;
}

function isoOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export class WorkCalendar {
  private readonly days = new Map<number, CalendarDay>();

  constructor(days: Iterable<CalendarDay>) {
    for (const d of days) this.days.set(dayOf(d.date), d);
  }

  /** A new calendar with these days replacing the same dates (admin edits over the shipped data). */
  withDays(overrides: Iterable<CalendarDay>): WorkCalendar {
    return new WorkCalendar([...this.days.values(), ...overrides]);
  }

  list(): CalendarDay[] {
    return [...this.days.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  /** `day` is a day number (days since 1970-01-01). */
  isWorkday(day: number): boolean {
    const found = this.days.get(day);
    if (found) return found.isWorkday;
    const wd = isoWeekday(ofDayNumber(day));
    return wd <= 5;
  }

  /** n working days after (before, when negative); 0 gives the day itself or the next working day. */
  addWorkdays(day: number, n: number): number {
    if (n === 0) {
      while (!this.isWorkday(day)) day++;
      return day;
    }
    const step = n > 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (this.isWorkday(day)) left--;
    }
    return day;
  }

  /** Working days from start to end, both included; negative when end is before start. */
  workdaysBetween(start: number, end: number): number {
    if (end < start) return -this.workdaysBetween(end, start);
    let count = 0;
    for (let d = start; d <= end; d++) if (this.isWorkday(d)) count++;
    return count;
  }
}

export const chinaCalendar = new WorkCalendar([cn2025, cn2026, cn2027].flatMap((f) => parseYear(f as YearFile)));
