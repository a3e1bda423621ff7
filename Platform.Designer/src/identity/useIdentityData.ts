import { useQuery } from '@tanstack/react-query';
import { api, type AppSummary } from '../shared/api';
import type { DepartmentRow, RoleDefinition, UserRow } from './types';

export function useUsers() {
  return useQuery({ queryKey: ['identity', 'users'], queryFn: () => api<UserRow[]>('/api/users') });
}

export function useDepartments() {
  return useQuery({ queryKey: ['identity', 'departments'], queryFn: () => api<DepartmentRow[]>('/api/departments') });
}

/** Every app role an administrator can grant, as "app/role" with a label. */
export function useAppRoles() {
  return useQuery({
    queryKey: ['identity', 'app-roles'],
    queryFn: async () => {
      const apps = await api<AppSummary[]>('/api/apps');
      const lists = await Promise.all(
        apps.map(async (app) => (await api<RoleDefinition[]>(`/api/apps/${app.key}/roles`)).map((r) => ({ app, role: r }))),
      );
      return lists.flat().map(({ app, role }) => ({ value: `${app.key}/${role.key}`, app: app.name, role }));
    },
  });
}
