import { describe, expect, it } from 'vitest';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { buildTimeline } from './timeline';
import type { HistoryEntry } from './recordApi';

const leave: ModelDefinition = {
  key: 'leave', name: '请假',
  fields: [
    { key: 'applicant', type: 'text', label: '申请人', labelEn: 'Applicant' },
    { key: 'kind', type: 'singleSelect', label: '假别', options: [{ value: 'annual', label: '年假', labelEn: 'Annual' }, { value: 'sick', label: '病假' }] },
    { key: 'days', type: 'number', label: '天数' },
    { key: 'paid', type: 'boolean', label: '带薪' },
    { key: 'lines', type: 'subTable', label: '明细', subTable: { fields: [] } },
    { key: 'files', type: 'attachment', label: '附件' },
  ],
};

const zh = { lang: 'zh-CN', empty: '（空）', yes: '是', no: '否', rows: (n: number) => `${n} 行`, systemLabel: (k: string) => (k === 'owner' ? '负责人' : k) };

const created: HistoryEntry = {
  id: '01', kind: 'created', at: '2026-11-20T08:00:00.000Z', by: { id: 'u1', userName: 'lilei' }, before: null,
  after: { id: 'r1', rowVersion: 1, applicant: '李雷', kind: 'annual', days: 2, paid: null, lines: [], createdAt: '2026-11-20T08:00:00.000Z' },
};
const updated: HistoryEntry = {
  id: '02', kind: 'updated', at: '2026-11-21T09:30:00.000Z', by: { id: 'u2', userName: 'hanmeimei' }, changed: ['kind', 'days', 'paid', 'lines', 'files'],
  before: { rowVersion: 1, applicant: '李雷', kind: 'annual', days: 2, paid: null, lines: [], files: [] },
  after: { rowVersion: 2, applicant: '李雷', kind: 'sick', days: 3, paid: true, lines: [{ a: 1 }, { a: 2 }], files: [{ id: 'f1', name: '证明.pdf' }] },
};

describe('buildTimeline', () => {
  it('puts the newest change first and says who changed which field from what to what', () => {
    const items = buildTimeline([created, updated], leave, zh);
    expect(items.map((i) => i.kind)).toEqual(['updated', 'created']);
    expect(items[0].by).toBe('hanmeimei');
    expect(items[0].changes).toEqual([
      { field: 'kind', label: '假别', from: '年假', to: '病假' },
      { field: 'days', label: '天数', from: '2', to: '3' },
      { field: 'paid', label: '带薪', from: '（空）', to: '是' },
      { field: 'lines', label: '明细', from: '（空）', to: '2 行' },
      { field: 'files', label: '附件', from: '（空）', to: '证明.pdf' },
    ]);
  });

  it('lists the starting values of a creation, without system columns or empty fields', () => {
    const [item] = buildTimeline([created], leave, zh);
    expect(item.changes.map((c) => `${c.label}=${c.to}`)).toEqual(['申请人=李雷', '假别=年假', '天数=2']);
    expect(item.changes.every((c) => c.from === '')).toBe(true);
  });

  it('compares before and after when the server sent no list, skips bookkeeping columns and labels system columns', () => {
    const entry: HistoryEntry = {
      id: '03', kind: 'assign', at: '2026-11-22T00:00:00.000Z', by: { userName: 'admin' },
      before: { owner: 'u1', rowVersion: 2, updatedAt: 'a', applicant: '李雷' },
      after: { owner: 'u2', rowVersion: 3, updatedAt: 'b', applicant: '李雷' },
    };
    const [item] = buildTimeline([entry], leave, zh);
    expect(item.changes).toEqual([{ field: 'owner', label: '负责人', from: 'u1', to: 'u2' }]);
  });

  it('uses English labels and option texts in English', () => {
    const [item] = buildTimeline([updated], leave, { ...zh, lang: 'en', empty: '(empty)' });
    expect(item.changes[0]).toEqual({ field: 'kind', label: '假别', from: 'Annual', to: '病假' });
    const [first] = buildTimeline([created], leave, { ...zh, lang: 'en' });
    expect(first.changes[0].label).toBe('Applicant');
  });
});
