import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Spin, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { recordPageApi } from './recordApi';
import { buildTimeline } from './timeline';

/** The record's history, newest first: who changed which field from what to what, and when. */
export function TimelinePanel({ app, model, id, version }: { app: string; model: ModelDefinition; id: string; version: unknown }) {
  const { t, i18n } = useTranslation();
  const history = useQuery({ queryKey: ['history', app, model.key, id, version], queryFn: () => recordPageApi.history(app, model.key, id) });
  const items = useMemo(() => buildTimeline(history.data ?? [], model, {
    lang: i18n.language,
    empty: t('record.empty'),
    yes: t('record.yes'),
    no: t('record.no'),
    rows: (n) => t('record.rows', { count: n }),
    systemLabel: (key) => t(`record.system.${key}`, { defaultValue: key }),
  }), [history.data, model, i18n.language, t]);

  if (history.isLoading) return <Spin />;
  if (history.error) return <Alert type="error" showIcon message={String(history.error)} />;
  if (items.length === 0) return <Empty description={t('record.noHistory')} />;
  return (
    <Timeline data-testid="record-timeline" items={items.map((item) => ({
      key: item.id,
      color: item.kind === 'created' ? 'green' : item.kind === 'deleted' ? 'red' : 'blue',
      children: (
        <div data-testid="timeline-item" data-kind={item.kind}>
          <div>
            <Typography.Text strong>{item.by}</Typography.Text>{' '}
            {t(`record.kind.${item.kind}`, { defaultValue: item.kind })}
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{dayjs(item.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
          </div>
          {item.changes.map((c) => (
            <div key={c.field} data-change={c.field} style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
              <Typography.Text type="secondary">{c.label}：</Typography.Text>
              {item.kind === 'created' ? <span>{c.to}</span> : <span><del>{c.from}</del> → {c.to}</span>}
            </div>
          ))}
        </div>
      ),
    }))} />
  );
}
