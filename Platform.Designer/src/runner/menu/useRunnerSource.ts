import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { appsApi, type AppPackage } from '../../shared/platformApi';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import type { MenuDefinition, MenuSource, ViewDefinition } from './menuItems';

const enc = encodeURIComponent;

/**
 * What the runner shows of an app: the models the caller may read (hidden fields already left out
 * by the server), and the package's forms, views and menus. The package export is for
 * administrators; others get the models and forms from their own routes (and no views or menus).
 */
export function useRunnerSource(app: string) {
  return useQuery({
    queryKey: ['runner-source', app],
    queryFn: async (): Promise<MenuSource & { name?: string }> => {
      const models = await api<ModelDefinition[]>(`/api/apps/${enc(app)}/models`);
      let pkg: AppPackage | undefined;
      try {
        pkg = await appsApi.exportPackage(app);
      } catch (e) {
        if (!(e instanceof ApiError && (e.status === 403 || e.status === 401))) throw e;
      }
      const forms = (pkg?.forms as MenuSource['forms'] | undefined)
        ?? await api<MenuSource['forms']>(`/api/apps/${enc(app)}/forms`).catch(() => []);
      return {
        name: (pkg?.name as string | undefined),
        models,
        forms,
        views: (pkg?.views as ViewDefinition[] | undefined) ?? [],
        menus: pkg?.menus as MenuDefinition[] | undefined,
      };
    },
  });
}
