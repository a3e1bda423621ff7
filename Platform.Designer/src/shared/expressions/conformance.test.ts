// tests/conformance/expressions.json against the browser evaluator; NUnit runs the same file against
// Jint (tests/Platform.Runtime.Tests/Expressions/ConformanceTests.cs). Runs under two machine zones
// different from the expressions' zone, to show results do not depend on the machine.
import { afterAll, describe, expect, it } from 'vitest';
import vectors from '../../../../tests/conformance/expressions.json';
import { evaluate, ExpressionError, functionNames } from './index';

interface Case {
  expression: string;
  context?: Record<string, unknown>;
  now?: string;
  expected?: unknown;
  expectedError?: string;
}

const cases = vectors.cases as Case[];
// Node reads TZ again whenever it changes (no @types/node in this project, hence the cast).
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const originalTz = env.TZ;
afterAll(() => {
  env.TZ = originalTz;
});

/** Numbers compare exactly, dates as the ISO strings they are, arrays and objects deeply. */
function same(expected: unknown, actual: unknown): boolean {
  if (expected === null) return actual === null;
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => same(e, actual[i]));
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const keys = Object.keys(expected as object);
    return keys.length === Object.keys(actual).length &&
      keys.every((k) => same((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]));
  }
  return expected === actual;
}

it('offers the same functions as the server', () => {
  expect([...functionNames]).toEqual([...vectors.functions].sort());
  expect(cases.length).toBeGreaterThanOrEqual(200);
});

for (const [machineZone, offsetAt1970] of [['America/New_York', 300], ['UTC', 0]] as const) {
  describe(`conformance with the machine in ${machineZone}`, () => {
    it('really runs with that machine zone', () => {
      env.TZ = machineZone;
      expect(new Date(0).getTimezoneOffset()).toBe(offsetAt1970);
    });

    it.each(cases.map((c, i) => [i, c] as const))('%i', (_, c) => {
      env.TZ = machineZone;
      const now = c.now ?? vectors.now;
      const run = () => evaluate(c.expression, c.context ?? {}, { now, zone: vectors.zone });
      if (c.expectedError !== undefined) {
        let message = '';
        try {
          run();
        } catch (e) {
          expect(e).toBeInstanceOf(ExpressionError);
          message = (e as Error).message;
        }
        expect(message.toLowerCase(), c.expression).toContain(c.expectedError.toLowerCase());
        return;
      }
      const actual = run();
      expect(same(c.expected, actual), `${c.expression}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(actual)}`).toBe(true);
    });
  });
}
