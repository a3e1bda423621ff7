// Immutable edits of a form layout tree addressed by node id. "root" is the form's top level.
import { isContainer, type FormDefinition, type LayoutNode } from '../../shared/forms/FormDefinition';

export const ROOT = 'root';
type Kind = LayoutNode['type'] | 'root';

let counter = 0;
export function newId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}`;
}

/** Which children a container accepts: rows hold columns, tabs hold tabs, the rest hold content. */
export function canContain(parent: Kind, child: LayoutNode['type']): boolean {
  if (parent === 'row') return child === 'column';
  if (parent === 'tabs') return child === 'tab';
  if (parent === 'root' || parent === 'section' || parent === 'tab' || parent === 'column') return child !== 'column' && child !== 'tab';
  return false;
}

/** Gives every node an id so the designer can address it (saved definitions keep them). */
export function withIds(nodes: LayoutNode[]): LayoutNode[] {
  return nodes.map((n) => {
    const id = n.id ?? newId(n.type);
    return isContainer(n) ? ({ ...n, id, children: withIds(n.children) } as LayoutNode) : { ...n, id };
  });
}

export function findNode(nodes: LayoutNode[], id: string): LayoutNode | null {
  for (const n of nodes) {
    if (n.id === id) return n;
    if (isContainer(n)) {
      const found = findNode(n.children, id);
      if (found) return found;
    }
  }
  return null;
}

export function kindOf(form: FormDefinition, id: string): Kind | null {
  if (id === ROOT) return 'root';
  return findNode(form.layout, id)?.type ?? null;
}

export function removeNode(nodes: LayoutNode[], id: string): [LayoutNode[], LayoutNode | null] {
  let removed: LayoutNode | null = null;
  const walk = (list: LayoutNode[]): LayoutNode[] => {
    const out: LayoutNode[] = [];
    for (const n of list) {
      if (n.id === id) { removed = n; continue; }
      out.push(isContainer(n) ? ({ ...n, children: walk(n.children) } as LayoutNode) : n);
    }
    return out;
  };
  const next = walk(nodes);
  return [removed ? next : nodes, removed];
}

/** Inserts before `beforeId` in the container `parentId`, or at its end. */
export function insertNode(nodes: LayoutNode[], parentId: string, node: LayoutNode, beforeId?: string | null): LayoutNode[] {
  const place = (list: LayoutNode[]) => {
    const i = beforeId ? list.findIndex((n) => n.id === beforeId) : -1;
    return i < 0 ? [...list, node] : [...list.slice(0, i), node, ...list.slice(i)];
  };
  if (parentId === ROOT) return place(nodes);
  const walk = (list: LayoutNode[]): LayoutNode[] =>
    list.map((n) => {
      if (!isContainer(n)) return n;
      if (n.id === parentId) return { ...n, children: place(n.children) } as LayoutNode;
      return { ...n, children: walk(n.children) } as LayoutNode;
    });
  return walk(nodes);
}

export function updateNode(nodes: LayoutNode[], id: string, patch: Partial<LayoutNode>): LayoutNode[] {
  return nodes.map((n) => {
    if (n.id === id) return { ...n, ...patch } as LayoutNode;
    return isContainer(n) ? ({ ...n, children: updateNode(n.children, id, patch) } as LayoutNode) : n;
  });
}

export function contains(node: LayoutNode, id: string): boolean {
  if (node.id === id) return true;
  return isContainer(node) && node.children.some((c) => contains(c, id));
}

/** The id of the container holding `id` (ROOT for the top level). */
export function parentOf(nodes: LayoutNode[], id: string, parent = ROOT): string | null {
  for (const n of nodes) {
    if (n.id === id) return parent;
    if (isContainer(n)) {
      const found = parentOf(n.children, id, n.id!);
      if (found) return found;
    }
  }
  return null;
}
