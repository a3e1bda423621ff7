import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Empty, List, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../shared/api';
import { fieldLabel, modelName } from '../../shared/models/ModelDefinition';
import { recordsApi, type RecordJson } from '../../shared/platformApi';
import { displayValue } from './timeline';
import { addLink, relatedFilter, summaryFields, titleField, withLinked, type RelatedList } from './relatedLists';

const pageSize = 20;

/** One related list: the related records with a link to each, and "add" (a new linked record, or linking an existing one). */
export function RelatedListCard({ app, model, list, record, onRecordChanged }: { app: string; model: string; list: RelatedList; record: RecordJson; onRecordChanged: (saved: RecordJson) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const lang = i18n.language;
  const related = list.related;
  const title = titleField(related);
  const summary = summaryFields(related);
  const filter = relatedFilter(list, record);
  const rows = useQuery({
    queryKey: ['related', app, list.model, record.id, list.field, JSON.stringify(filter)],
    enabled: !!related && !!filter,
    queryFn: () => recordsApi.query(app, list.model, { filter: filter!, page: { size: pageSize }, sort: [{ field: 'createdAt', dir: 'desc' }] }),
  });
  const [search, setSearch] = useState('');
  const [linking, setLinking] = useState(false);
  const candidates = useQuery({
    queryKey: ['related-candidates', app, list.model, search],
    enabled: linking && !!related,
    queryFn: () => recordsApi.query(app, list.model, { filter: search ? { field: title, op: 'contains', value: search } : undefined, page: { size: 20 } }),
  });

  if (!related) return null; // the caller may not read the related model
  const link = async (id: string) => {
    try {
      const saved = await recordsApi.update(app, model, record.id, record.rowVersion, { [list.field]: withLinked(record, list, id) });
      setLinking(false);
      message.success(t('record.linked'));
      onRecordChanged(saved);
    } catch (e) {
      message.error(e instanceof ApiError ? (e.status === 409 ? t('record.linkConflict') : e.problem.title ?? `HTTP ${e.status}`) : String(e));
    }
  };
  const add = addLink(app, list, record);
  const items = filter ? rows.data?.items ?? [] : [];
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="related-list" data-relation={list.field}
      title={<Space>{list.title}{modelName(related, lang) !== list.title && <Typography.Text type="secondary">{modelName(related, lang)}</Typography.Text>}</Space>}
      extra={add ? (
        <Link to={add}><Button size="small" icon={<PlusOutlined />}>{t('record.add')}</Button></Link>
      ) : linking ? (
        <Select size="small" style={{ width: 200 }} showSearch autoFocus open filterOption={false} placeholder={t('record.linkPlaceholder')}
          onSearch={setSearch} onBlur={() => setLinking(false)} loading={candidates.isFetching}
          options={(candidates.data?.items ?? []).map((r) => ({ value: r.id, label: String(r[title] ?? r.id) }))}
          onChange={(id: string) => void link(id)} data-testid="related-link-select" />
      ) : (
        <Button size="small" icon={<PlusOutlined />} onClick={() => setLinking(true)}>{t('record.add')}</Button>
      )}>
      <List size="small" loading={rows.isLoading && !!filter} dataSource={items} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('record.noRelated')} /> }}
        renderItem={(r) => (
          <List.Item data-related-id={r.id}>
            <Link to={`/apps/${app}/models/${list.model}/records/${r.id}`}>{String(r[title] ?? r.id)}</Link>
            <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'end' }}>
              {summary.filter((f) => r[f.key] !== null && r[f.key] !== undefined && r[f.key] !== '')
                .map((f) => `${fieldLabel(f, lang)} ${displayValue(f, r[f.key], lang, '', { yes: t('record.yes'), no: t('record.no'), rows: (n) => t('record.rows', { count: n }) })}`).join(' · ')}
            </Typography.Text>
          </List.Item>
        )} />
      {(rows.data?.nextAfter || (rows.data?.items.length ?? 0) >= pageSize) && <Typography.Text type="secondary">{t('record.more')}</Typography.Text>}
    </Card>
  );
}

