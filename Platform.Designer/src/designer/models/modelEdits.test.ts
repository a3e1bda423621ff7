import { describe, expect, it } from 'vitest';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { modelProblems, moveField, newField, removeOrRetire } from './modelEdits';

const model: ModelDefinition = {
  key: 'leave',
  name: '请假',
  fields: [
    { key: 'applicant', type: 'text', label: '申请人' },
    { key: 'kind', type: 'singleSelect', label: '类型', options: [{ value: 'annual' }] },
  ],
};

describe('model edits', () => {
  it('adds fields with free keys and type-specific settings', () => {
    const f = newField('relation', [{ key: 'field3', type: 'text' }, { key: 'a', type: 'text' }]);
    expect(f.key).toBe('field4');
    expect(f.relation).toEqual({ kind: 'manyToOne', model: '' });
  });

  it('reorders fields', () => {
    expect(moveField(model.fields, 1, 0).map((f) => f.key)).toEqual(['kind', 'applicant']);
    expect(moveField(model.fields, 1, 5)).toBe(model.fields);
  });

  it('retires saved fields instead of deleting them, and deletes unsaved ones', () => {
    const saved = new Set(['applicant']);
    const retired = removeOrRetire(model.fields, 'applicant', saved);
    expect(retired[0].retired).toBe(true);
    expect(removeOrRetire(retired, 'applicant', saved)[0].retired).toBe(false);
    expect(removeOrRetire(model.fields, 'kind', saved).map((f) => f.key)).toEqual(['applicant']);
  });

  it('names the problems that would make the server refuse the model', () => {
    const bad: ModelDefinition = {
      key: 'x',
      name: ' ',
      fields: [
        { key: '1bad', type: 'text' },
        { key: 'kind', type: 'singleSelect', options: [{ value: 'a' }, { value: 'a' }] },
        { key: 'kind', type: 'text' },
        { key: 'account', type: 'relation', relation: { kind: 'manyToOne', model: 'nowhere' } },
        { key: 'lines', type: 'subTable', subTable: { fields: [{ key: 'qty', type: 'number', min: 5, max: 1 }] } },
      ],
    };
    expect(modelProblems(bad, ['leave'])).toEqual({
      $name: ['nameRequired'],
      '1bad': ['keyFormat'],
      kind: ['optionDuplicate', 'keyTaken'],
      account: ['relationModel'],
      'lines.qty': ['minAboveMax'],
    });
    expect(modelProblems(model, ['leave'])).toEqual({});
  });
});
