import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import type { DashboardDefinition } from '../dashboard/DashboardDefinition';
import type { MenuDefinition, MenuSource, ViewDefinition } from './menuItems';

const enc = encodeURIComponent;

/** GET /api/apps/{app}/runner: what the caller may open in the app, decided by the server from their roles. */
export interface RunnerSource extends MenuSource {
  key: string;
  name?: string;
  nameEn?: string;
  models: ModelDefinition[];
  forms: FormDefinition[];
  views: ViewDefinition[];
  dashboards?: DashboardDefinition[];
  menus?: MenuDefinition[];
}

/**
 * What the runner shows of an app: the models the caller may read (hidden fields already left out),
 * the forms, views, dashboards and menus their roles allow — the same for administrators and everyone else.
 */
export function useRunnerSource(app: string) {
  return useQuery({
    queryKey: ['runner-source', app],
    queryFn: () => api<RunnerSource>(`/api/apps/${enc(app)}/runner`),
  });
}
