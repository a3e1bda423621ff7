// Working days by the evaluation's calendar (mirrors WorkdayFunctions.cs).
import type { FunctionCall } from './args';
import { dayNumber, ofDayNumber } from './dateValue';

type Fn = (c: FunctionCall) => unknown;

export const workdayFunctions: Record<string, Fn> = {
  isWorkday: (c) => {
    const d = c.dateOrNull(0);
    return d ? c.context.calendar.isWorkday(dayNumber(d)) : null;
  },
  addWorkdays: (c) => {
    const d = c.dateOrNull(0);
    return d ? c.format(ofDayNumber(c.context.calendar.addWorkdays(dayNumber(d), c.integer(1, 0, -10_000, 10_000)))) : null;
  },
  workdaysBetween: (c) => {
    const a = c.dateOrNull(0);
    const b = c.dateOrNull(1);
    return a && b ? c.context.calendar.workdaysBetween(dayNumber(a), dayNumber(b)) : null;
  },
};
