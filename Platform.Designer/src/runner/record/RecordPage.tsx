import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Col, Result, Row, Spin, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { AppFrame } from '../../app/AppFrame';
import { useMe } from '../../home/useMe';
import { api, type AppSummary } from '../../shared/api';
import type { FormDefinition } from '../../shared/forms/FormDefinition';
import { modelName } from '../../shared/models/ModelDefinition';
import { modelsApi, recordsApi, type RecordJson } from '../../shared/platformApi';
import { CommentsPanel } from './CommentsPanel';
import { RecordFormCard } from './RecordFormCard';
import { RelatedListCard } from './RelatedListCard';
import { TimelinePanel } from './TimelinePanel';
import { PoolButtons } from '../pool/PoolButtons';
import { poolAccess } from '../pool/poolAccess';
import { recordPageApi } from './recordApi';
import { chooseForm, generateForm } from './recordForm';
import { relatedLists } from './relatedLists';

/**
 * #/apps/:app/models/:model/records/:id (and …/records/new): the record's form, its related lists,
 * the timeline of its changes and its comments. Definitions come from the models and forms APIs,
 * which every user who may read the model can call.
 */
export default function RecordPage() {
  const { app = '', model: modelKey = '', id = 'new' } = useParams();
  const [query] = useSearchParams();
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const me = useMe();
  const isNew = id === 'new';
  // The same list as the home page: the apps the caller may see, with their names.
  const apps = useQuery({ queryKey: ['apps'], queryFn: () => api<AppSummary[]>('/api/apps') });
  const models = useQuery({ queryKey: ['models', app], queryFn: () => modelsApi.list(app) });
  const forms = useQuery({ queryKey: ['forms', app], queryFn: () => recordPageApi.forms(app).catch(() => []) });
  const schema = useQuery({ queryKey: ['schema', app, modelKey], queryFn: () => modelsApi.schema(app, modelKey).catch(() => null) });
  const record = useQuery({ queryKey: ['record', app, modelKey, id], enabled: !isNew, queryFn: () => recordsApi.get(app, modelKey, id) });
  const model = models.data?.find((m) => m.key === modelKey);
  const form = useMemo<FormDefinition | null>(() => {
    if (!model) return null;
    return chooseForm((forms.data ?? []) as FormDefinition[], model.key, query.get('form')) ?? generateForm(model);
  }, [model, forms.data, query]);
  const lists = useMemo(() => (model ? relatedLists(model, models.data ?? [], i18n.language) : []), [model, models.data, i18n.language]);

  const onSaved = (saved: RecordJson) => {
    queryClient.setQueryData(['record', app, modelKey, saved.id], saved);
    void queryClient.invalidateQueries({ queryKey: ['history', app, modelKey, saved.id] });
    void queryClient.invalidateQueries({ queryKey: ['related', app, modelKey, saved.id] });
  };

  let body;
  if (models.isLoading || forms.isLoading || schema.isLoading || record.isLoading) body = <Spin />;
  else if (models.error) body = <Alert type="error" showIcon message={String(models.error)} />;
  else if (!model || (!isNew && (record.error || !record.data))) body = <Result status="404" title={t('record.notFound')} />;
  else
    body = (
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={isNew ? 24 : 16}>
          <RecordFormCard key={`${form!.key}/${id}/${record.data?.rowVersion ?? ''}`} app={app} model={model} form={form!} schema={schema.data ?? null}
            record={isNew ? undefined : record.data} prefill={query} onSaved={onSaved}
            actions={!isNew && record.data && me.data && poolAccess(model, app, me.data).enabled
              ? <PoolButtons app={app} model={model.key} record={record.data} userId={me.data.id} canClaim={poolAccess(model, app, me.data).canClaim}
                  onChange={(r) => onSaved(r as RecordJson)} />
              : null} />
          {!isNew && record.data && lists.map((list) => (
            <RelatedListCard key={list.field} app={app} model={model.key} list={list} record={record.data!} onRecordChanged={onSaved} />
          ))}
        </Col>
        {!isNew && record.data && (
          <Col xs={24} lg={8}>
            <Card size="small" data-testid="record-activity">
              <Tabs items={[
                { key: 'timeline', label: t('record.timeline'), children: <TimelinePanel app={app} model={model} id={id} version={record.data.rowVersion} /> },
                { key: 'comments', label: t('record.comments'), children: <CommentsPanel app={app} model={model.key} id={id} /> },
              ]} />
            </Card>
          </Col>
        )}
      </Row>
    );
  const trail = model ? (isNew ? t('record.newTitle', { model: modelName(model, i18n.language) }) : modelName(model, i18n.language)) : modelKey;
  return (
    <AppFrame app={app} appName={apps.data?.find((a) => a.key === app)?.name} trail={trail}>
      <div style={{ maxWidth: 1280, margin: '0 auto' }} data-testid="record-page">{body}</div>
    </AppFrame>
  );
}
