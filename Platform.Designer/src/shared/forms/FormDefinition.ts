// The form definition format (docs/forms.md): a layout over one model plus linkage rules and defaults.

export interface FieldNode {
  type: 'field';
  id?: string;
  fieldKey: string;
  props?: FieldProps;
}

export interface FieldProps {
  label?: string;
  labelEn?: string;
  placeholder?: string;
  help?: string;
  readOnly?: boolean;
  hidden?: boolean;
}

export interface SubTableNode {
  type: 'subTable';
  id?: string;
  fieldKey: string;
  /** Keys of the sub-table's fields, in display order; all of them when absent. */
  columns?: string[];
  props?: FieldProps;
}

export interface SectionNode {
  type: 'section';
  id?: string;
  title?: string;
  titleEn?: string;
  children: LayoutNode[];
}

export interface TabNode {
  type: 'tab';
  id?: string;
  title?: string;
  titleEn?: string;
  children: LayoutNode[];
}

export interface TabsNode {
  type: 'tabs';
  id?: string;
  children: TabNode[];
}

export interface ColumnNode {
  type: 'column';
  id?: string;
  /** Width in 24ths of the row, like antd's grid; a phone shows every column at full width. */
  span: number;
  children: LayoutNode[];
}

export interface RowNode {
  type: 'row';
  id?: string;
  children: ColumnNode[];
}

export type LayoutNode = FieldNode | SubTableNode | SectionNode | TabsNode | TabNode | RowNode | ColumnNode;
export type ContainerNode = SectionNode | TabsNode | TabNode | RowNode | ColumnNode;

export const conditionOps = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'] as const;
export type ConditionOp = (typeof conditionOps)[number];

/** Same shape as the filter language (docs/filters.md): a comparison, and/or/not, or a JavaScript expression evaluated by the shared evaluator. */
export type Condition =
  | { field: string; op: ConditionOp; value?: unknown }
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition }
  | { expression: string };

export const ruleActions = ['show', 'hide', 'require', 'readOnly', 'setValue', 'suggest'] as const;
export type RuleActionKind = (typeof ruleActions)[number];

export interface RuleAction {
  action: RuleActionKind;
  field: string;
  /** setValue / suggest: the value. */
  value?: unknown;
  /** suggest: JavaScript over the record giving the value (instead of `value`). */
  expression?: string;
  /** suggest on a select field: the options whose `keywords` occur in the text of this field. */
  from?: string;
}

export interface Rule {
  id?: string;
  when: Condition;
  then: RuleAction[];
}

export interface FormDefinition {
  key: string;
  model: string;
  name: string;
  nameEn?: string;
  layout: LayoutNode[];
  rules?: Rule[];
  defaults?: Record<string, unknown>;
  /** A public form (docs/forms.md): served without sign-in at #/public/{app}/{slug}; users who do not manage the app see only `enabled`. */
  public?: { enabled?: boolean; slug?: string; perMinute?: number };
}

export function isContainer(node: LayoutNode): node is ContainerNode {
  return node.type === 'section' || node.type === 'tabs' || node.type === 'tab' || node.type === 'row' || node.type === 'column';
}

/** Every field key the layout places, in document order. */
export function layoutFieldKeys(nodes: LayoutNode[], out: string[] = []): string[] {
  for (const node of nodes) {
    if (node.type === 'field' || node.type === 'subTable') out.push(node.fieldKey);
    else out.push(...layoutFieldKeys(node.children));
  }
  return out;
}
