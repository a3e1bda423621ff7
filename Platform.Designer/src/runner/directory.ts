// The users directory and the department tree (both readable by every signed-in user), cached for a
// minute: display names for user and department cells, group headers and chart labels, and the
// choices of the user and department pickers in forms. Fetched only when something on screen needs them.
import { useQuery } from '@tanstack/react-query';
import { api } from '../shared/api';

export interface DirectoryUser { id: string; userName: string; displayName?: string | null }
export interface DirectoryDepartment { id: string; name: string; parentId?: string | null; path?: string; depth?: number }

export function useUsersDirectory(enabled = true) {
  return useQuery({ queryKey: ['users-directory'], queryFn: () => api<DirectoryUser[]>('/api/users/directory'), enabled, staleTime: 60_000, retry: false });
}

export function useDepartmentsDirectory(enabled = true) {
  return useQuery({ queryKey: ['departments-directory'], queryFn: () => api<DirectoryDepartment[]>('/api/departments'), enabled, staleTime: 60_000, retry: false });
}

export const userLabel = (u: DirectoryUser) => u.displayName || u.userName;

export interface DirectoryNames {
  userNames: Record<string, string>;
  departmentNames: Record<string, string>;
}

export function useDirectoryNames(needsUsers: boolean, needsDepartments: boolean): DirectoryNames {
  const users = useUsersDirectory(needsUsers);
  const departments = useDepartmentsDirectory(needsDepartments);
  return {
    userNames: Object.fromEntries((users.data ?? []).map((u) => [u.id, userLabel(u)])),
    departmentNames: Object.fromEntries((departments.data ?? []).map((d) => [d.id, d.name])),
  };
}
