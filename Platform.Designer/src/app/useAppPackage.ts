import { useQuery } from '@tanstack/react-query';
import { appsApi } from '../shared/platformApi';

/** The app's package (models, forms, …): the one source of definitions that exists for every app today. */
export function useAppPackage(app: string) {
  return useQuery({ queryKey: ['package', app], queryFn: () => appsApi.exportPackage(app) });
}
