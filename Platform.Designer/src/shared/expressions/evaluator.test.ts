import { describe, expect, it } from 'vitest';
import { compile, evaluate, ExpressionError, chinaCalendar, callFunction, contextOf } from './index';

const now = '2025-09-24T10:00:00+08:00';

describe('browser evaluator safety', () => {
  it('reaches nothing outside the variables and the library', () => {
    for (const expr of ['window', 'document.cookie', 'globalThis', 'fetch("/api/me")', 'eval("1")', 'Function("return 1")', 'this', 'localStorage']) {
      expect(() => evaluate(expr), expr).toThrow(ExpressionError);
    }
  });

  it('never hands out constructors or prototypes', () => {
    expect(evaluate('record.constructor', { record: {} })).toBeNull();
    expect(evaluate("record['__proto__']", { record: {} })).toBeNull();
    expect(evaluate("'x'.constructor")).toBeNull();
    expect(() => evaluate("'x'.constructor.constructor('return 1')()")).toThrow(/TypeError/);
    expect(evaluate('[].map')).toBeNull();
    expect(() => evaluate('[].map.constructor')).toThrow(/TypeError/);
    expect(() => evaluate('({__proto__: 1})')).toThrow(/not allowed/);
  });

  it('reads only own data of the variables', () => {
    const record = Object.create({ inherited: 'secret' }) as Record<string, unknown>;
    record.own = 'visible';
    expect(evaluate('record.own', { record })).toBe('visible');
    expect(evaluate('record.inherited', { record })).toBeNull();
  });

  it('refuses statements and assignments', () => {
    expect(() => evaluate('a = 1', { a: 0 })).toThrow(ExpressionError);
    expect(() => evaluate('1; 2')).toThrow(/only one expression/);
  });

  it('sees Dates in variables as ISO strings in the zone, like the server', () => {
    const created = new Date(Date.UTC(2025, 8, 30, 16, 30));
    expect(evaluate('record.created', { record: { created } }, { now })).toBe('2025-10-01T00:30:00+08:00');
    expect(evaluate('toDate(d)', { d: created }, { now })).toBe('2025-10-01');
  });

  it('reports library refusals with the server wording', () => {
    expect(() => evaluate("round('abc')")).toThrow('round: argument 1 must be a number, got "abc"');
  });

  it('compiles once and re-evaluates with new variables (live formulas)', () => {
    const total = compile('round(record.qty * record.price, 2)');
    expect(total({ record: { qty: 3, price: 19.99 } })).toBe(59.97);
    expect(total({ record: { qty: 2, price: 0.125 } })).toBe(0.25);
  });

  it('takes admin calendar edits', () => {
    const edited = chinaCalendar.withDays([{ date: '2025-09-26', isWorkday: false, name: '公司活动' }]);
    expect(evaluate("isWorkday('2025-09-26')", {}, { now })).toBe(true);
    expect(evaluate("isWorkday('2025-09-26')", {}, { now, calendar: edited })).toBe(false);
    // Friday the 26th off; Sunday the 28th is a make-up working day (国庆调休).
    expect(callFunction('addWorkdays', ['2025-09-25', 1], contextOf({ now, calendar: edited }))).toBe('2025-09-28');
  });

  it('evaluates in another configured zone', () => {
    expect(evaluate('today()', {}, { now: '2025-09-24T02:00:00Z', zone: 'America/Los_Angeles' })).toBe('2025-09-23');
    expect(evaluate("addHours('2025-03-09T01:30:00', 1)", {}, { now, zone: 'America/New_York' })).toBe('2025-03-09T03:30:00-04:00');
  });
});
