// The browser's expression evaluator and function library: the same language and results as the
// server (Platform.Runtime/Expressions). See docs/expressions.md.
export { compile, contextOf, DEFAULT_ZONE, evaluate, HostFunction, type EvaluateOptions } from './evaluator';
export { ExpressionError } from './errors';
export { parse } from './parser';
export { callFunction, functionNames, functions, isLibraryFunction } from './library/functions';
export { type FunctionContext } from './library/args';
export { type CalendarDay, chinaCalendar, WorkCalendar } from './library/calendar';
export { parseRelativeDate } from './library/relativeDate';
