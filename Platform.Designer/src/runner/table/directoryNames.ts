// Display names of users and departments by id, for user and department cells, group headers and
// chart labels: one cached fetch of the users directory and the department tree (both readable by
// every signed-in user), fetched only when something on screen shows such a value.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';

export interface DirectoryUser { id: string; userName: string; displayName?: string | null }
interface DirectoryDepartment { id: string; name: string }

export interface DirectoryNames {
  userNames: Record<string, string>;
  departmentNames: Record<string, string>;
}

export function useDirectoryNames(needsUsers: boolean, needsDepartments: boolean): DirectoryNames {
  const users = useQuery({ queryKey: ['users-directory'], queryFn: () => api<DirectoryUser[]>('/api/users/directory'), enabled: needsUsers, staleTime: 60_000 });
  const departments = useQuery({ queryKey: ['departments-directory'], queryFn: () => api<DirectoryDepartment[]>('/api/departments'), enabled: needsDepartments, staleTime: 60_000 });
  return {
    userNames: Object.fromEntries((users.data ?? []).map((u) => [u.id, u.displayName || u.userName])),
    departmentNames: Object.fromEntries((departments.data ?? []).map((d) => [d.id, d.name])),
  };
}
