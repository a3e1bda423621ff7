import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './conditions';
import { applyRules, baseStates, valuesToSet } from './rules';
import { leaveForm, leaveModel } from './testForm';

describe('conditions', () => {
  it('compares numbers typed as text with numbers', () => {
    expect(evaluateCondition({ field: 'days', op: 'gt', value: 5 }, { days: '6' })).toBe(true);
    expect(evaluateCondition({ field: 'days', op: 'gt', value: 5 }, { days: 5 })).toBe(false);
    expect(evaluateCondition({ field: 'days', op: 'lte', value: 5 }, {})).toBe(false);
  });

  it('combines and/or/not and list operators', () => {
    const c = { and: [{ field: 'kind', op: 'in' as const, value: ['sick', 'other'] }, { not: { field: 'reason', op: 'isEmpty' as const } }] };
    expect(evaluateCondition(c, { kind: 'sick', reason: 'flu' })).toBe(true);
    expect(evaluateCondition(c, { kind: 'sick', reason: '' })).toBe(false);
    expect(evaluateCondition({ or: [{ field: 'tags', op: 'contains', value: 'vip' }] }, { tags: ['a', 'vip'] })).toBe(true);
  });

  it('treats an expression as false until the shared evaluator is plugged in', () => {
    expect(evaluateCondition({ expression: 'days > 1' }, { days: 3 })).toBe(false);
  });
});

describe('linkage rules', () => {
  const base = baseStates(leaveModel, leaveForm);

  it('makes a field copied from a related record (copyFrom) read-only, as the server sets it', () => {
    const model = { ...leaveModel, fields: leaveModel.fields.map((f) => (f.key === 'email' ? { ...f, copyFrom: 'applicant_user.email' } : f)) };
    const states = baseStates(model, leaveForm);
    expect([states.email.readOnly, states.reason.readOnly]).toEqual([true, false]);
  });

  it('starts from the model: required fields, computed fields read-only', () => {
    expect(base.applicant.required).toBe(true);
    expect(base.code.readOnly).toBe(true);
    expect(base.reason.required).toBe(false);
  });

  it('shows a field only while its show rule holds and requires another', () => {
    const annual = applyRules(base, leaveForm.rules!, { kind: 'annual' });
    expect(annual.states.certificate.visible).toBe(false);
    expect(annual.states.reason.required).toBe(false);
    const sick = applyRules(base, leaveForm.rules!, { kind: 'sick' });
    expect(sick.states.certificate.visible).toBe(true);
    expect(sick.states.reason.required).toBe(true);
  });

  it('sets values only when a condition turns true', () => {
    const rules = leaveForm.rules!;
    expect(valuesToSet(rules, [false, false], [false, true])).toEqual([['reason', '长假']]);
    expect(valuesToSet(rules, [false, true], [false, true])).toEqual([]);
  });
});
