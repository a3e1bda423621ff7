// New layout blocks as the palette creates them.
import type { LayoutNode } from '../../shared/forms/FormDefinition';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';
import { newId } from './layoutTree';

export const blockKinds = ['row2', 'row3', 'section', 'tabs'] as const;
export type BlockKind = (typeof blockKinds)[number];

function column(span: number): LayoutNode {
  return { type: 'column', id: newId('column'), span, children: [] };
}

export function newBlock(kind: BlockKind, text: { section: string; tab: string }): LayoutNode {
  switch (kind) {
    case 'row2':
      return { type: 'row', id: newId('row'), children: [column(12), column(12)] as never };
    case 'row3':
      return { type: 'row', id: newId('row'), children: [column(8), column(8), column(8)] as never };
    case 'section':
      return { type: 'section', id: newId('section'), title: text.section, children: [] };
    case 'tabs':
      return {
        type: 'tabs',
        id: newId('tabs'),
        children: [
          { type: 'tab', id: newId('tab'), title: `${text.tab} 1`, children: [] },
          { type: 'tab', id: newId('tab'), title: `${text.tab} 2`, children: [] },
        ],
      };
  }
}

export function newFieldNode(field: FieldDefinition): LayoutNode {
  return field.type === 'subTable'
    ? { type: 'subTable', id: newId('subTable'), fieldKey: field.key }
    : { type: 'field', id: newId('field'), fieldKey: field.key };
}
