import { describe, expect, it } from 'vitest';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { addLink, relatedFilter, relatedLists, summaryFields, titleField, withLinked } from './relatedLists';
import { chooseForm, generateForm, valuesFromQuery } from './recordForm';
import type { FormDefinition } from '../../shared/forms/FormDefinition';

const account: ModelDefinition = {
  key: 'account', name: '客户', nameEn: 'Account', displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: '名称' },
    { key: 'notes', type: 'longText', label: '备注' },
    { key: 'deals', type: 'relation', label: '商机', labelEn: 'Deals', relation: { kind: 'oneToMany', model: 'deal', field: 'account' } },
    { key: 'partners', type: 'relation', label: '合作伙伴', relation: { kind: 'manyToMany', model: 'partner' } },
    { key: 'parent', type: 'relation', label: '上级', relation: { kind: 'manyToOne', model: 'account' } },
    { key: 'old', type: 'relation', label: '旧', retired: true, relation: { kind: 'manyToMany', model: 'deal' } },
    { key: 'size', type: 'number', label: '规模' },
  ],
};
const deal: ModelDefinition = {
  key: 'deal', name: '商机',
  fields: [
    { key: 'title', type: 'text', label: '标题' },
    { key: 'lines', type: 'subTable', label: '明细', subTable: { fields: [] } },
    { key: 'amount', type: 'decimal', label: '金额' },
    { key: 'stage', type: 'singleSelect', label: '阶段' },
    { key: 'closed', type: 'date', label: '关闭日期' },
    { key: 'account', type: 'relation', label: '客户', relation: { kind: 'manyToOne', model: 'account' } },
  ],
};

describe('related lists', () => {
  const record = { id: 'a1', rowVersion: 3, name: '宁德', partners: ['p1', 'p2'] };

  it('has one list per current one-to-many and many-to-many relation, with the related model when readable', () => {
    const lists = relatedLists(account, [account, deal], 'en');
    expect(lists.map((l) => [l.field, l.kind, l.title, l.model, !!l.related, l.inverse])).toEqual([
      ['deals', 'oneToMany', 'Deals', 'deal', true, 'account'],
      ['partners', 'manyToMany', '合作伙伴', 'partner', false, undefined],
    ]);
  });

  it('finds one-to-many rows by their field pointing back, many-to-many rows by the linked ids', () => {
    const [deals, partners] = relatedLists(account, [account, deal], 'zh-CN');
    expect(relatedFilter(deals, record)).toEqual({ field: 'account', op: 'eq', value: 'a1' });
    expect(relatedFilter(partners, record)).toEqual({ field: 'id', op: 'in', value: ['p1', 'p2'] });
    expect(relatedFilter(partners, { ...record, partners: [] })).toBeNull();
  });

  it('"add" opens a new related record pointing back here, or links one more id once', () => {
    const [deals, partners] = relatedLists(account, [account, deal], 'zh-CN');
    expect(addLink('crm', deals, record)).toBe('/apps/crm/models/deal/records/new?account=a1');
    expect(addLink('crm', partners, record)).toBeNull();
    expect(withLinked(record, partners, 'p3')).toEqual(['p1', 'p2', 'p3']);
    expect(withLinked(record, partners, 'p1')).toEqual(['p1', 'p2']);
  });

  it('names related records by the display field (else the first text field) and shows two simple columns', () => {
    expect(titleField(account)).toBe('name');
    expect(titleField(deal)).toBe('title');
    expect(summaryFields(deal).map((f) => f.key)).toEqual(['amount', 'stage']);
  });
});

describe('record form', () => {
  it('prefers the form asked for, then the model default, then any form of the model', () => {
    const f = (key: string, model: string) => ({ key, model, name: key, layout: [] }) as FormDefinition;
    const forms = [f('x', 'deal'), f('account-quick', 'account'), f('account-form', 'account')];
    expect(chooseForm(forms, 'account')?.key).toBe('account-form');
    expect(chooseForm(forms, 'account', 'account-quick')?.key).toBe('account-quick');
    expect(chooseForm(forms, 'deal', 'account-form')?.key).toBe('x');
    expect(chooseForm(forms, 'other')).toBeNull();
  });

  it('never takes a public intake form as the record page default, but opens it when asked for', () => {
    const web = { key: 'lead-form', model: 'lead', name: '官网留资', layout: [], public: { enabled: true } } as FormDefinition;
    const full = { key: 'lead-full', model: 'lead', name: '线索', layout: [] } as FormDefinition;
    expect(chooseForm([web, full], 'lead')?.key).toBe('lead-full');
    expect(chooseForm([web], 'lead')).toBeNull();
    expect(chooseForm([web], 'lead', 'lead-form')?.key).toBe('lead-form');
  });

  it('generates a form of every current field except related lists, short fields two to a row', () => {
    const form = generateForm(account);
    expect(form.layout.map((n) => n.type)).toEqual(['row', 'field', 'row']);
    expect(JSON.stringify(form.layout)).not.toContain('deals');
    expect(JSON.stringify(generateForm(deal).layout.map((n) => n.type))).toBe('["row","subTable","row","row"]');
  });

  it('reads initial values from the query string by field type', () => {
    const q = new URLSearchParams('account=a1&amount=12.5&unknown=1&title=');
    expect(valuesFromQuery(deal, q)).toEqual({ account: 'a1', amount: 12.5, title: '' });
  });
});
