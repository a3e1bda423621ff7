import { describe, expect, it } from 'vitest';
import { layoutFieldKeys, type FormDefinition } from '../../shared/forms/FormDefinition';
import { designerReducer, initialDesignerState, type DesignerAction, type DesignerState } from './formDesignerReducer';
import { ROOT } from './layoutTree';

const form: FormDefinition = {
  key: 'f',
  model: 'leave',
  name: '请假单',
  layout: [
    { type: 'field', id: 'a', fieldKey: 'applicant' },
    { type: 'row', id: 'r', children: [
      { type: 'column', id: 'c1', span: 12, children: [{ type: 'field', id: 'b', fieldKey: 'kind' }] },
      { type: 'column', id: 'c2', span: 12, children: [] },
    ] },
    { type: 'section', id: 's', title: '详情', children: [{ type: 'field', id: 'd', fieldKey: 'days' }] },
  ],
};

const run = (...actions: DesignerAction[]): DesignerState => actions.reduce(designerReducer, initialDesignerState(form));
const keys = (s: DesignerState) => layoutFieldKeys(s.form.layout);

describe('form designer reducer', () => {
  it('inserts a palette field into a column and selects it', () => {
    const s = run({ type: 'insert', node: { type: 'field', id: 'e', fieldKey: 'reason' }, parentId: 'c2' });
    expect(keys(s)).toEqual(['applicant', 'kind', 'reason', 'days']);
    expect(s.selected).toBe('e');
  });

  it('moves a field before another in a different container', () => {
    const s = run({ type: 'move', id: 'a', parentId: 's', beforeId: 'd' });
    expect(keys(s)).toEqual(['kind', 'applicant', 'days']);
  });

  it('moves within the same container to the end', () => {
    const s = run({ type: 'move', id: 'a', parentId: ROOT });
    expect(s.form.layout.map((n) => n.id)).toEqual(['r', 's', 'a']);
  });

  it('refuses a field placed twice, a field straight into a row, and a section into itself', () => {
    let s = run({ type: 'insert', node: { type: 'field', id: 'x', fieldKey: 'kind' }, parentId: ROOT });
    expect(s.refused).toBe('designer.forms.refused.placed');
    s = run({ type: 'move', id: 'a', parentId: 'r' });
    expect(s.refused).toBe('designer.forms.refused.notHere');
    s = run({ type: 'insert', node: { type: 'section', id: 's2', children: [] }, parentId: 's' }, { type: 'move', id: 's', parentId: 's2' });
    expect(s.refused).toBe('designer.forms.refused.intoItself');
    expect(s.form.layout.map((n) => n.id)).toEqual(['a', 'r', 's']);
  });

  it('undoes and redoes edits in order, and a new edit clears redo', () => {
    let s = run(
      { type: 'move', id: 'a', parentId: 's' },
      { type: 'update', id: 's', patch: { title: '更多' } },
      { type: 'remove', id: 'b' },
    );
    expect(keys(s)).toEqual(['days', 'applicant']);
    s = designerReducer(s, { type: 'undo' });
    expect(keys(s)).toEqual(['kind', 'days', 'applicant']);
    s = designerReducer(s, { type: 'undo' });
    expect((s.form.layout[1] as { title?: string }).title).toBe('详情');
    s = designerReducer(s, { type: 'redo' });
    expect((s.form.layout[1] as { title?: string }).title).toBe('更多');
    s = designerReducer(s, { type: 'setRules', rules: [] });
    expect(s.future).toEqual([]);
    expect(designerReducer(s, { type: 'redo' })).toBe(s);
  });

  it('does not record selection in the history', () => {
    const s = run({ type: 'select', id: 'a' });
    expect(s.past).toHaveLength(0);
    expect(designerReducer(s, { type: 'undo' })).toBe(s);
  });

  it('gives ids to nodes of a loaded definition', () => {
    const s = initialDesignerState({ ...form, layout: [{ type: 'field', fieldKey: 'applicant' }] });
    expect(s.form.layout[0].id).toMatch(/^field-/);
  });
});
