// Ids of draggables and drop targets on the form canvas, and what a drop means.
import type { LayoutNode } from '../../shared/forms/FormDefinition';
import { parentOf } from './layoutTree';

export const paletteFieldId = (key: string) => `palette:field:${key}`;
export const paletteBlockId = (kind: string) => `palette:block:${kind}`;
export const nodeDragId = (id: string) => `node:${id}`;
export const intoId = (containerId: string) => `into:${containerId}`;
export const beforeId = (nodeId: string) => `before:${nodeId}`;

export type DragSource = { kind: 'field'; key: string } | { kind: 'block'; block: string } | { kind: 'node'; id: string };

export function parseSource(id: string): DragSource | null {
  const [a, b, ...rest] = id.split(':');
  if (a === 'palette' && b === 'field') return { kind: 'field', key: rest.join(':') };
  if (a === 'palette' && b === 'block') return { kind: 'block', block: rest.join(':') };
  if (a === 'node') return { kind: 'node', id: [b, ...rest].join(':') };
  return null;
}

/** Where a drop lands: a container and the node to insert before (none: at its end). */
export function parseTarget(id: string, layout: LayoutNode[]): { parentId: string; beforeId: string | null } | null {
  const [a, ...rest] = id.split(':');
  const ref = rest.join(':');
  if (a === 'into') return { parentId: ref, beforeId: null };
  if (a === 'before') {
    const parentId = parentOf(layout, ref);
    return parentId ? { parentId, beforeId: ref } : null;
  }
  return null;
}
