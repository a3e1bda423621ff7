// The form designer's state: the definition being edited, the selection, and undo/redo history.
// Every edit is one action; every action that changes the definition can be undone.
import { layoutFieldKeys, type FormDefinition, type LayoutNode, type Rule } from '../../shared/forms/FormDefinition';
import { canContain, contains, findNode, insertNode, kindOf, removeNode, ROOT, updateNode, withIds } from './layoutTree';

export interface DesignerState {
  form: FormDefinition;
  selected: string | null;
  past: FormDefinition[];
  future: FormDefinition[];
  /** Why the last edit was refused (an i18n key), cleared by the next accepted edit. */
  refused: string | null;
}

export type DesignerAction =
  | { type: 'load'; form: FormDefinition }
  | { type: 'insert'; node: LayoutNode; parentId: string; beforeId?: string | null }
  | { type: 'move'; id: string; parentId: string; beforeId?: string | null }
  | { type: 'remove'; id: string }
  | { type: 'update'; id: string; patch: Partial<LayoutNode> }
  | { type: 'setForm'; patch: Partial<Pick<FormDefinition, 'name' | 'nameEn'>> }
  | { type: 'setRules'; rules: Rule[] }
  | { type: 'setDefaults'; defaults: Record<string, unknown> }
  | { type: 'select'; id: string | null }
  | { type: 'undo' }
  | { type: 'redo' };

const historyLimit = 100;

export function initialDesignerState(form: FormDefinition): DesignerState {
  return { form: { ...form, layout: withIds(form.layout) }, selected: null, past: [], future: [], refused: null };
}

function commit(state: DesignerState, form: FormDefinition, selected = state.selected): DesignerState {
  return { form, selected, past: [...state.past, state.form].slice(-historyLimit), future: [], refused: null };
}

const refuse = (state: DesignerState, reason: string): DesignerState => ({ ...state, refused: reason });

export function designerReducer(state: DesignerState, action: DesignerAction): DesignerState {
  const { form } = state;
  switch (action.type) {
    case 'load':
      return initialDesignerState(action.form);
    case 'select':
      return { ...state, selected: action.id };
    case 'undo': {
      if (state.past.length === 0) return state;
      const previous = state.past[state.past.length - 1];
      return { ...state, form: previous, past: state.past.slice(0, -1), future: [state.form, ...state.future], refused: null };
    }
    case 'redo': {
      if (state.future.length === 0) return state;
      const [next, ...rest] = state.future;
      return { ...state, form: next, past: [...state.past, state.form], future: rest, refused: null };
    }
    case 'insert': {
      const parent = kindOf(form, action.parentId);
      if (!parent || !canContain(parent, action.node.type)) return refuse(state, 'designer.forms.refused.notHere');
      const keys = layoutFieldKeys([action.node]);
      const placed = new Set(layoutFieldKeys(form.layout));
      if (keys.some((k) => placed.has(k))) return refuse(state, 'designer.forms.refused.placed');
      return commit(state, { ...form, layout: insertNode(form.layout, action.parentId, action.node, action.beforeId) }, action.node.id ?? null);
    }
    case 'move': {
      if (action.id === action.beforeId) return state;
      const node = findNode(form.layout, action.id);
      const parent = kindOf(form, action.parentId);
      if (!node || !parent) return state;
      if (!canContain(parent, node.type)) return refuse(state, 'designer.forms.refused.notHere');
      if (action.parentId !== ROOT && contains(node, action.parentId)) return refuse(state, 'designer.forms.refused.intoItself');
      const [without] = removeNode(form.layout, action.id);
      return commit(state, { ...form, layout: insertNode(without, action.parentId, node, action.beforeId) });
    }
    case 'remove': {
      const [layout, removed] = removeNode(form.layout, action.id);
      if (!removed) return state;
      // Rules and defaults of fields no longer on the form stay: a field may come back.
      return commit(state, { ...form, layout }, state.selected === action.id ? null : state.selected);
    }
    case 'update':
      return commit(state, { ...form, layout: updateNode(form.layout, action.id, action.patch) });
    case 'setForm':
      return commit(state, { ...form, ...action.patch });
    case 'setRules':
      return commit(state, { ...form, rules: action.rules });
    case 'setDefaults':
      return commit(state, { ...form, defaults: action.defaults });
  }
}
