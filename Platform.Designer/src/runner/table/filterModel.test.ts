import { describe, expect, it } from 'vitest';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { addChild, allOf, emptyGroup, fieldChoices, operatorsFor, resolver, toFilterJson, updateNode, type Condition, type Group } from './filterModel';

const account: ModelDefinition = {
  key: 'account', name: '客户', fields: [
    { key: 'name', type: 'text' },
    { key: 'sector', type: 'singleSelect', options: [{ value: '新能源' }, { value: '制造' }] },
  ],
};
const deal: ModelDefinition = {
  key: 'deal', name: '商机', fields: [
    { key: 'title', type: 'text' },
    { key: 'amount', type: 'decimal' },
    { key: 'stage', type: 'singleSelect', options: [{ value: 'a' }, { value: 'b' }] },
    { key: 'tags', type: 'multiSelect', options: [{ value: 'x' }] },
    { key: 'notes', type: 'longText' },
    { key: 'closed', type: 'date' },
    { key: 'won', type: 'boolean' },
    { key: 'account', type: 'relation', relation: { kind: 'manyToOne', model: 'account' } },
    { key: 'lines', type: 'subTable', subTable: { fields: [] } },
  ],
};
const resolve = resolver(deal, [deal, account]);
const cond = (field: string, op: Condition['op'], value?: unknown): Condition => ({ kind: 'condition', id: `${field}-${op}`, field, op, value });
const group = (join: 'and' | 'or', ...children: Array<Condition | Group>): Group => ({ kind: 'group', id: `g-${join}-${children.length}`, join, children });

describe('filter builder JSON', () => {
  it('offers operators by field type', () => {
    const ops = (k: string) => operatorsFor(deal.fields.find((f) => f.key === k)!);
    expect(ops('title')).toContain('startsWith');
    expect(ops('amount')).toEqual(expect.arrayContaining(['gt', 'between']));
    expect(ops('amount')).not.toContain('contains');
    expect(ops('tags')).toEqual(['contains', 'isEmpty', 'notEmpty']);
    expect(ops('notes')).not.toContain('eq');
    expect(ops('lines')).toEqual(['isEmpty', 'notEmpty']);
    expect(ops('won')).toEqual(['eq', 'isEmpty', 'notEmpty']);
  });

  it('offers fields through many-to-one relations as paths', () => {
    const paths = fieldChoices(deal, [deal, account]).map((c) => c.path);
    expect(paths).toEqual(expect.arrayContaining(['account.sector', 'account.name', 'amount']));
    expect(resolve('account.sector')?.type).toBe('singleSelect');
  });

  it('produces and/or groups with typed values and relation paths', () => {
    const tree = group('and',
      cond('stage', 'in', ['a', 'b']),
      group('or', cond('amount', 'gte', '1000000'), cond('account.sector', 'eq', '新能源')),
      cond('title', 'contains', '  光伏 '),
      cond('closed', 'between', ['2026-01-01', '2026-03-31']),
      cond('won', 'eq', true),
    );
    expect(toFilterJson(tree, resolve)).toEqual({ and: [
      { field: 'stage', op: 'in', value: ['a', 'b'] },
      { or: [{ field: 'amount', op: 'gte', value: 1000000 }, { field: 'account.sector', op: 'eq', value: '新能源' }] },
      { field: 'title', op: 'contains', value: '光伏' },
      { field: 'closed', op: 'between', value: ['2026-01-01', '2026-03-31'] },
      { field: 'won', op: 'eq', value: true },
    ] });
  });

  it('writes empty and not-empty as the language does', () => {
    expect(toFilterJson(group('and', cond('account', 'isEmpty'), cond('tags', 'notEmpty')), resolve)).toEqual({ and: [
      { field: 'account', op: 'isEmpty' },
      { field: 'tags', op: 'isEmpty', value: false },
    ] });
  });

  it('leaves out incomplete conditions and empty groups, and gives no filter when nothing is left', () => {
    const tree = group('and', cond('amount', 'gt', 'abc'), cond('title', 'eq', ''), group('or'), cond('amount', 'between', ['1', '']), cond('nope', 'eq', 'x'));
    expect(toFilterJson(tree, resolve)).toBeUndefined();
    expect(toFilterJson(group('and', cond('amount', 'between', ['1', '5'])), resolve)).toEqual({ and: [{ field: 'amount', op: 'between', value: [1, 5] }] });
  });

  it('splits a typed list for "in" on text fields', () => {
    expect(toFilterJson(group('or', cond('title', 'in', 'a, b，c')), resolve)).toEqual({ or: [{ field: 'title', op: 'in', value: ['a', 'b', 'c'] }] });
  });

  it('edits the tree without changing the old one', () => {
    const root = emptyGroup();
    const sub = emptyGroup('or');
    const withSub = addChild(root, root.id, sub);
    const withCond = addChild(withSub, sub.id, cond('amount', 'gt', 3));
    expect(root.children).toHaveLength(0);
    expect(toFilterJson(withCond, resolve)).toEqual({ and: [{ or: [{ field: 'amount', op: 'gt', value: 3 }] }] });
    const removed = updateNode(withCond, 'amount-gt', () => null);
    expect(toFilterJson(removed, resolve)).toBeUndefined();
  });

  it('combines a view filter with the user filter', () => {
    expect(allOf(undefined, { and: [] })).toEqual({ and: [] });
    expect(allOf({ a: 1 }, { b: 2 })).toEqual({ and: [{ a: 1 }, { b: 2 }] });
    expect(allOf(undefined, undefined)).toBeUndefined();
  });
});
