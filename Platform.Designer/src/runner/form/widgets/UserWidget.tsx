import { useUsersDirectory } from '../../directory';
import { DirectorySelect } from './DirectorySelect';
import type { WidgetProps } from './WidgetProps';

/** Picks a user of the directory by display name (and user name, which tells namesakes apart). */
export function UserWidget(p: WidgetProps) {
  return <DirectorySelect p={p} query={useUsersDirectory()} id={(u) => u.id} label={(u) => (u.displayName ? `${u.displayName} (${u.userName})` : u.userName)} />;
}
