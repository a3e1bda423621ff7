// Shapes of the identity API (docs/permissions.md).

export interface UserRow {
  id: string;
  userName: string;
  displayName?: string | null;
  email?: string | null;
  departmentId?: string | null;
  isAdmin: boolean;
  disabled: boolean;
  /** "admin" and app roles as "app/role". */
  roles: string[];
}

export interface DepartmentRow {
  id: string;
  name: string;
  parentId?: string | null;
  headUserId?: string | null;
  path: string;
  depth: number;
}

export interface RoleDefinition {
  key: string;
  name: string;
  nameEn?: string;
}

export interface TreeNode {
  value: string;
  title: string;
  key: string;
  children: TreeNode[];
}

/** The flat department list as a tree for antd Tree / TreeSelect. */
export function departmentTree(departments: DepartmentRow[]): TreeNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { value: d.id, key: d.id, title: d.name, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const d of departments) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Field messages of a ProblemDetails, one line each. */
export function problemLines(problem: { title?: string; errors?: Record<string, string[]> }): string[] {
  const lines = Object.values(problem.errors ?? {}).flat();
  return lines.length > 0 ? lines : [problem.title ?? 'Error'];
}
