// Linkage rules: from the model, the form's field props and the current values, work out which
// fields are visible, required and read-only. `show` makes a field visible only while one of its
// show rules holds; `hide`, `require` and `readOnly` apply while their condition holds; `setValue`
// fires when its condition turns true.
import type { FieldNode, FormDefinition, LayoutNode, Rule } from '../../shared/forms/FormDefinition';
import { serverSets, type ModelDefinition } from '../../shared/models/ModelDefinition';
import { evaluateCondition } from './conditions';

export interface FieldState {
  visible: boolean;
  required: boolean;
  readOnly: boolean;
}

export interface RuleOutcome {
  states: Record<string, FieldState>;
  /** Index of each rule whose condition holds. */
  active: boolean[];
}

function fieldNodes(nodes: LayoutNode[], out: FieldNode[] = []): FieldNode[] {
  for (const node of nodes) {
    if (node.type === 'field' || node.type === 'subTable') out.push(node as FieldNode);
    else fieldNodes(node.children, out);
  }
  return out;
}

export function baseStates(model: ModelDefinition, form: FormDefinition): Record<string, FieldState> {
  const states: Record<string, FieldState> = {};
  for (const field of model.fields) {
    states[field.key] = { visible: !field.retired, required: !!field.required, readOnly: serverSets(field) };
  }
  for (const node of fieldNodes(form.layout)) {
    const s = states[node.fieldKey];
    if (!s) continue;
    if (node.props?.readOnly) s.readOnly = true;
    if (node.props?.hidden) s.visible = false;
  }
  return states;
}

export function applyRules(base: Record<string, FieldState>, rules: Rule[], values: Record<string, unknown>): RuleOutcome {
  const states: Record<string, FieldState> = {};
  for (const key in base) states[key] = { ...base[key] };
  const active = rules.map((rule) => evaluateCondition(rule.when, values));
  const shownBy = new Map<string, boolean>();
  rules.forEach((rule, i) => {
    for (const action of rule.then) {
      const s = states[action.field];
      if (!s) continue;
      if (action.action === 'show') shownBy.set(action.field, (shownBy.get(action.field) ?? false) || active[i]);
      else if (!active[i]) continue;
      else if (action.action === 'hide') s.visible = false;
      else if (action.action === 'require') s.required = true;
      else if (action.action === 'readOnly') s.readOnly = true;
    }
  });
  for (const [key, shown] of shownBy) if (!shown) states[key].visible = false;
  return { states, active };
}

/** setValue actions of rules that have just turned true. */
export function valuesToSet(rules: Rule[], before: boolean[] | null, after: boolean[]): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  rules.forEach((rule, i) => {
    if (!after[i] || (before && before[i])) return;
    for (const action of rule.then) if (action.action === 'setValue') out.push([action.field, action.value]);
  });
  return out;
}
