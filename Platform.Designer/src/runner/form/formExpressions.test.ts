import { describe, expect, it } from 'vitest';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { evaluateCondition } from './conditions';
import { computeFormulas, failingRules, formulaOrder, ruleUser } from './formExpressions';
import { FormStore } from './FormStore';
import type { FormDefinition } from '../../shared/forms/FormDefinition';

const orderModel: ModelDefinition = {
  key: 'order',
  name: '订单',
  fields: [
    { key: 'product', type: 'text' },
    { key: 'quantity', type: 'number' },
    { key: 'unit_price', type: 'decimal' },
    // Listed before the amount it reads: computed after it all the same.
    { key: 'total_with_tax', type: 'formula', formula: { expression: 'round(record.amount * 1.13, 2)', resultType: 'decimal' } },
    { key: 'amount', type: 'formula', formula: { expression: 'quantity * unit_price', resultType: 'decimal' } },
    { key: 'start', type: 'date' },
    { key: 'due', type: 'date' },
    { key: 'workdays_left', type: 'formula', formula: { expression: 'workdaysBetween(start, due)', resultType: 'number' } },
    { key: 'stage', type: 'singleSelect', options: [{ value: '线索' }, { value: '需求确认' }] },
    { key: 'docs', type: 'attachment' },
  ],
  rules: [
    { key: 'doc-for-demand', assert: "record.stage !== '需求确认' || (record.docs || []).length > 0", message: '进入需求确认需要上传需求文档', messageEn: 'Upload the requirement document first', field: 'docs', when: "changed('stage')" },
    { key: 'cap', assert: 'record.amount <= 10000 || user.roles.includes("manager")', message: '金额不能超过10000' },
  ],
};

const orderForm: FormDefinition = {
  key: 'order-form',
  model: 'order',
  name: '订单',
  layout: ['product', 'quantity', 'unit_price', 'amount', 'total_with_tax', 'stage', 'docs'].map((fieldKey) => ({ type: 'field' as const, fieldKey })),
};

const rep = ruleUser({ id: 'u1', userName: 'rep', roles: ['crm/rep', 'other/manager'] }, 'crm');

describe('form expressions', () => {
  it('computes formulas in dependency order with decimals as the server stores them', () => {
    expect(formulaOrder(orderModel).map((f) => f.key)).toEqual(['amount', 'total_with_tax', 'workdays_left']);
    const v = computeFormulas(orderModel, { quantity: 3, unit_price: 19.99 });
    expect(v.amount).toBe(59.97);
    expect(v.total_with_tax).toBe(67.77);
    expect(computeFormulas(orderModel, { quantity: 3, unit_price: 0.1 }).amount).toBe(0.3);
  });

  it('counts working days with the China calendar (National Day 2025, make-up Saturday 11 October)', () => {
    expect(computeFormulas(orderModel, { start: '2025-09-30', due: '2025-10-11' }).workdays_left).toBe(4);
  });

  it('leaves a formula empty when it cannot be computed', () => {
    expect(computeFormulas(orderModel, { quantity: 2 }).amount).toBe(0); // 2 * null = 0, as in JavaScript on the server
    expect(computeFormulas(orderModel, { quantity: 'abc', unit_price: 2 }).amount).toBeNull();
  });

  it('checks validation rules with changed(), before and user', () => {
    const created = failingRules(orderModel, { stage: '需求确认', quantity: 1, unit_price: 20000, amount: 20000 }, null, rep);
    expect(created.map((f) => [f.rule.key, f.key])).toEqual([['doc-for-demand', 'docs'], ['cap', '_rules']]);
    const stored = { stage: '需求确认', docs: [], amount: 10 };
    expect(failingRules(orderModel, { ...stored, product: 'x' }, stored, rep)).toEqual([]); // stage unchanged: not checked
    expect(failingRules(orderModel, { amount: 20000 }, null, ruleUser({ id: 'u2', userName: 'm', roles: ['crm/manager'] }, 'crm'))).toEqual([]);
  });

  it('evaluates linkage expressions through the shared evaluator', () => {
    expect(evaluateCondition({ expression: "days > 3 && kind == 'annual'" }, { days: 5, kind: 'annual' })).toBe(true);
    expect(evaluateCondition({ expression: 'record.days > 3' }, { days: 2 })).toBe(false);
  });
});

describe('FormStore with formulas and rules', () => {
  it('updates a formula field while the user types', () => {
    const store = new FormStore(orderModel, orderForm);
    expect(store.getValue('amount')).toBe(0); // null * null, as on the server
    const seen: unknown[] = [];
    store.subscribe('amount', () => seen.push(store.getValue('amount')));
    store.setValue('quantity', 3);
    store.setValue('unit_price', 19.99);
    store.setValue('unit_price', 20);
    expect(seen).toEqual([59.97, 60]);
    expect(store.getValue('total_with_tax')).toBe(67.8);
    expect(store.submission()).not.toHaveProperty('amount');
  });

  it('shows a failing rule under its field and a record rule at the top before submit', async () => {
    const store = new FormStore(orderModel, orderForm, { user: rep });
    store.setValue('quantity', 1000);
    store.setValue('unit_price', 20);
    store.setValue('stage', '需求确认');
    expect(await store.validate()).toBe(false);
    expect(store.getError('docs')).toEqual({ code: 'rule', params: { message: '进入需求确认需要上传需求文档', messageEn: 'Upload the requirement document first' } });
    expect(store.getError('_rules')?.params?.message).toBe('金额不能超过10000');
    store.setValue('docs', [{ id: 'f1', name: 'a.pdf' }]);
    store.setValue('quantity', 10);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getError('docs')).toBeUndefined();
    expect(store.getError('_rules')).toBeUndefined();
    expect(await store.validate()).toBe(true);
  });

  it('puts server rule errors at the same places', () => {
    const store = new FormStore(orderModel, orderForm, { user: rep });
    store.setServerErrors({ docs: ['进入需求确认需要上传需求文档'], _rules: ['金额不能超过10000'] });
    expect(store.getError('docs')?.params?.message).toBe('进入需求确认需要上传需求文档');
    expect(store.getError('_rules')?.params?.message).toBe('金额不能超过10000');
  });
});
