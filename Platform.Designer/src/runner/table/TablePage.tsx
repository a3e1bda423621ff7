import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { useMe } from '../../home/useMe';
import { modelName, serverSets } from '../../shared/models/ModelDefinition';
import { filterFromSearch } from '../dashboard/drillDown';
import { RunnerLayout } from '../menu/RunnerLayout';
import { useRunnerSource } from '../menu/useRunnerSource';
import { poolAccess } from '../pool/poolAccess';
import { RecordTable } from './RecordTable';
import { tableApi } from './tableApi';

/**
 * #/apps/:app/run/models/:model and #/apps/:app/run/views/:view — a model's records as a table.
 * `?filter=<JSON filter>` (a dashboard's drill-down) keeps to those records until cleared.
 */
export default function TablePage() {
  const { app = '', model: modelParam, view: viewKey } = useParams();
  const [search, setSearch] = useSearchParams();
  const drill = useMemo(() => filterFromSearch(search), [search]);
  const { t, i18n } = useTranslation();
  const me = useMe();
  const source = useRunnerSource(app);
  const view = viewKey ? source.data?.views.find((v) => v.key === viewKey) : undefined;
  const modelKey = modelParam ?? view?.model;
  const model = source.data?.models.find((m) => m.key === modelKey);
  // Fields the caller may see but not change come back marked readOnly in the schema.
  const schema = useQuery({
    queryKey: ['table-schema', app, modelKey],
    enabled: !!model,
    queryFn: () => tableApi.schema(app, modelKey!),
  });

  let body;
  if (source.isLoading || schema.isLoading) body = <Spin />;
  else if (source.error) body = <Alert type="error" showIcon message={String(source.error)} />;
  else if (!model) body = <Result status="404" title={t('table.notFound')} />;
  else {
    const props = schema.data?.properties ?? {};
    const readOnly = new Set(model.fields.filter((f) => serverSets(f) || !(f.key in props) || props[f.key]?.readOnly).map((f) => f.key));
    body = <RecordTable key={`${app}/${model.key}/${viewKey ?? ''}/${search.get('filter') ?? ''}`} app={app}
      drill={drill} onClearDrill={() => setSearch({})} model={model} models={source.data!.models} readOnly={readOnly} user={me.data?.id ?? 'anonymous'} view={view}
      canClaim={poolAccess(model, app, me.data).canClaim} />;
  }
  return <RunnerLayout app={app} title={model ? modelName(model, i18n.language) : undefined}>{body}</RunnerLayout>;
}
