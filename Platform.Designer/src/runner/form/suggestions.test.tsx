import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import '../../shared/i18n';
import i18n from '../../shared/i18n';
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { FormRenderer } from './FormRenderer';
import { FormStore } from './FormStore';
import { optionsByKeywords } from './suggestions';

afterEach(cleanup);

// A follow-up: tags suggested from keywords of the note, the next date following the note live.
const model: ModelDefinition = {
  key: 'followup',
  name: '跟进记录',
  displayField: 'note',
  fields: [
    { key: 'note', type: 'longText', label: '跟进内容' },
    { key: 'next_date', type: 'date', label: '下次跟进', defaultExpression: "nextDateFromText(note, '2025-09-24')" },
    {
      key: 'tags', type: 'multiSelect', label: '标签', options: [
        { value: '价格讨论', keywords: ['报价', '价格'] },
        { value: '产品试用', label: '产品试用', labelEn: 'Trial', keywords: ['试用'] },
        { value: '合同谈判', keywords: ['合同'] },
      ],
    },
    { key: 'stage', type: 'singleSelect', label: '阶段', options: [{ value: '初步接触' }, { value: '商务谈判', keywords: ['合同'] }] },
    { key: 'owner_note', type: 'text', label: '备注' },
  ],
};
const form: FormDefinition = {
  key: 'followup-form',
  model: 'followup',
  name: '跟进',
  layout: ['note', 'next_date', 'tags', 'stage', 'owner_note'].map((fieldKey) => ({ type: 'field' as const, fieldKey })),
  rules: [
    { when: { field: 'note', op: 'isNotEmpty' }, then: [{ action: 'suggest', field: 'tags', from: 'note' }, { action: 'suggest', field: 'stage', from: 'note' }] },
    { when: { field: 'stage', op: 'eq', value: '商务谈判' }, then: [{ action: 'suggest', field: 'owner_note', expression: "'谈判：' + note" }] },
  ],
};

describe('suggest (linkage action)', () => {
  it('matches options by their keywords, in option order', () => {
    expect(optionsByKeywords(model.fields[2], '客户要合同模板，也想试用')).toEqual(['产品试用', '合同谈判']);
    expect(optionsByKeywords(model.fields[2], '')).toEqual([]);
    expect(optionsByKeywords(model.fields[2], null)).toEqual([]);
  });

  it('proposes without writing, adds on confirm, and does not offer what is already chosen', () => {
    const store = new FormStore(model, form);
    expect(store.getSuggestion('tags')).toBeUndefined();
    store.setValue('note', '客户要报价，下周三再谈');
    expect(store.getSuggestion('tags')).toEqual(['价格讨论']);
    expect(store.getValue('tags')).toBeUndefined();
    store.acceptSuggestion('tags');
    expect(store.getValue('tags')).toEqual(['价格讨论']);
    expect(store.getSuggestion('tags')).toBeUndefined();
    store.setValue('note', '客户要报价，还想试用');
    expect(store.getSuggestion('tags')).toEqual(['产品试用']);
    store.acceptSuggestion('tags');
    expect(store.getValue('tags')).toEqual(['价格讨论', '产品试用']);
  });

  it('never overwrites a value the user chose: a single value is only proposed', () => {
    const store = new FormStore(model, form);
    store.setValue('stage', '初步接触');
    store.setValue('note', '合同条款');
    expect(store.getValue('stage')).toBe('初步接触');
    expect(store.getSuggestion('stage')).toBe('商务谈判');
    store.acceptSuggestion('stage');
    expect(store.getValue('stage')).toBe('商务谈判');
    expect(store.getSuggestion('owner_note')).toBe('谈判：合同条款');
    expect(store.getValue('owner_note')).toBeUndefined();
  });

  it('forgets a dismissed suggestion but offers new ones', () => {
    const store = new FormStore(model, form);
    store.setValue('note', '报价');
    store.dismissSuggestion('tags');
    expect(store.getSuggestion('tags')).toBeUndefined();
    store.setValue('note', '报价，试用');
    expect(store.getSuggestion('tags')).toEqual(['产品试用']);
  });

  it('shows the suggestion with a confirm button that writes it (Chinese and English)', async () => {
    const store = new FormStore(model, form);
    const { container } = render(<FormRenderer store={store} />);
    fireEvent.change(container.querySelector('#f-note')!, { target: { value: '想先试用一个月' } });
    const box = container.querySelector('[data-suggest="tags"]')!;
    expect(box.textContent).toContain('建议：');
    expect(box.textContent).toContain('产品试用');
    expect(store.getValue('tags')).toBeUndefined();
    fireEvent.click([...box.querySelectorAll('button')].find((b) => b.textContent === '采用')!);
    expect(store.getValue('tags')).toEqual(['产品试用']);
    expect(container.querySelector('[data-suggest="tags"]')).toBeNull();

    await i18n.changeLanguage('en');
    try {
      const english = new FormStore(model, form);
      cleanup();
      const view = render(<FormRenderer store={english} />);
      fireEvent.change(view.container.querySelector('#f-note')!, { target: { value: '试用' } });
      const en = view.container.querySelector('[data-suggest="tags"]')!;
      expect(en.textContent).toContain('Suggested:');
      expect(en.textContent).toContain('Trial');
      fireEvent.click([...en.querySelectorAll('button')].find((b) => b.textContent === 'Dismiss')!);
      expect(view.container.querySelector('[data-suggest="tags"]')).toBeNull();
      expect(english.getValue('tags')).toBeUndefined();
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });
});

describe('defaultExpression (live default)', () => {
  it('follows the note until the user edits the date', () => {
    const store = new FormStore(model, form);
    expect(store.getValue('next_date') ?? null).toBeNull();
    store.setValue('note', '客户说下周三再联系');
    expect(store.getValue('next_date')).toBe('2025-10-01');
    store.setValue('note', '客户说明天再联系');
    expect(store.getValue('next_date')).toBe('2025-09-25');
    store.setValue('note', '客户没说时间');
    expect(store.getValue('next_date')).toBeNull();
    store.setValue('next_date', '2025-10-10');
    store.setValue('note', '下周三');
    expect(store.getValue('next_date')).toBe('2025-10-10');
  });

  it('leaves a loaded record alone', () => {
    const store = new FormStore(model, form, { values: { note: '下周三', next_date: '2025-12-01' } });
    store.setValue('note', '明天');
    expect(store.getValue('next_date')).toBe('2025-12-01');
  });
});
