import { useDepartmentsDirectory } from '../../directory';
import { DirectorySelect } from './DirectorySelect';
import type { WidgetProps } from './WidgetProps';

/** Picks a department of the tree, indented by depth in tree order. */
export function DepartmentWidget(p: WidgetProps) {
  return <DirectorySelect p={p} query={useDepartmentsDirectory()} id={(d) => d.id} label={(d) => '\u3000'.repeat(d.depth ?? 0) + d.name} />;
}
