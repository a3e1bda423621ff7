import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Empty, Input, List, Select, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { availableActions, problemOf, recordFields, returnSteps, type TaskAction, type TaskDetail, type TaskList, type TasksClient } from './tasksApi';

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') return (value as { name?: string }).name ?? JSON.stringify(value);
  return String(value);
}

/** My tasks with counts; opening one shows its record and history and lets me act with a comment. */
export function TaskInbox({ client, initialTaskId }: { client: TasksClient; initialTaskId?: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const [list, setList] = useState<TaskList | null>(null);
  const [selected, setSelected] = useState<TaskDetail | null>(null);
  const [comment, setComment] = useState('');
  const [target, setTarget] = useState('');
  const [returnTo, setReturnTo] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      setList(await client.list(status));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [client, status]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const open = useCallback(
    async (id: string) => {
      setError(null);
      setNotice(null);
      setComment('');
      setTarget('');
      setReturnTo(undefined);
      try {
        setSelected(await client.get(id));
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [client],
  );

  useEffect(() => {
    if (initialTaskId) void open(initialTaskId);
  }, [initialTaskId, open]);

  const act = async (action: TaskAction) => {
    if (!selected) return;
    const problem = problemOf(action, comment, target);
    if (problem) {
      setError(t(`tasks.${problem}`));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const to = action === 'return' ? (returnTo ?? selected.step - 1) : action === 'transfer' || action === 'addApprover' ? target.trim() : undefined;
      const updated = await client.complete(selected.id, { action, comment: comment.trim() || undefined, to });
      setSelected(updated);
      setNotice(t(`tasks.done.${action}`));
      setComment('');
      setTarget('');
      await reload();
    } catch (e) {
      setError(e instanceof ApiError ? (e.problem.title ?? e.message) : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const counts = list?.counts;
  const actions = selected ? availableActions(selected) : [];
  return (
    <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start' }}>
      <div style={{ width: 360 }}>
        <Tabs
          activeKey={status}
          onChange={(k) => setStatus(k as 'open' | 'done')}
          items={[
            { key: 'open', label: <span data-testid="count-open">{t('tasks.open', { count: counts?.open ?? 0 })}</span> },
            { key: 'done', label: <span data-testid="count-done">{t('tasks.doneTab', { count: counts?.done ?? 0 })}</span> },
          ]}
        />
        {counts && counts.overdue > 0 && <Tag color="red" data-testid="count-overdue">{t('tasks.overdueCount', { count: counts.overdue })}</Tag>}
        <List
          dataSource={list?.items ?? []}
          locale={{ emptyText: <Empty description={t('tasks.empty')} /> }}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              data-task={item.id}
              onClick={() => void open(item.id)}
              style={{ cursor: 'pointer', background: selected?.id === item.id ? '#e6f4ff' : undefined, paddingInline: 8 }}
            >
              <List.Item.Meta
                title={item.title}
                description={
                  <Space size={4} wrap>
                    <Tag>{t(`tasks.kind.${item.kind}`)}</Tag>
                    {item.kind === 'approval' && <span>{t('tasks.step', { step: item.step, count: item.stepCount })}</span>}
                    {item.overdue && <Tag color="red">{t('tasks.overdue')}</Tag>}
                    {item.escalated && <Tag color="orange">{t('tasks.escalated')}</Tag>}
                    {item.outcome && <Tag>{t(`tasks.outcome.${item.outcome}`)}</Tag>}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 12 }} />}
        {notice && <Alert type="success" title={notice} style={{ marginBottom: 12 }} />}
        {!selected ? (
          <Empty description={t('tasks.pick')} />
        ) : (
          <div data-testid="task-detail">
            <Typography.Title level={4}>{selected.title}</Typography.Title>
            <Space style={{ marginBottom: 12 }} wrap>
              {selected.kind === 'approval' && <span>{t('tasks.step', { step: selected.step, count: selected.stepCount })}</span>}
              {selected.stepName && <Tag>{selected.stepName}</Tag>}
              <Tag color={selected.status === 'open' ? 'blue' : 'default'}>{t(`tasks.status.${selected.status}`)}</Tag>
              {selected.dueAt && <span>{t('tasks.due', { at: new Date(selected.dueAt).toLocaleString() })}</span>}
            </Space>
            {selected.record && (
              <Descriptions bordered size="small" column={1} title={t('tasks.record')}>
                {recordFields(selected.record).map(([k, v]) => (
                  <Descriptions.Item key={k} label={k}>
                    {display(v)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
            {selected.actions.length > 0 && (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('tasks.history')}
                </Typography.Title>
                <Timeline
                  items={selected.actions.map((a, i) => ({
                    key: i,
                    content: (
                      <span>
                        {a.userId} · {t(`tasks.action.${a.action}`)}
                        {a.comment ? `：${a.comment}` : ''}
                        {a.files?.map((f) => (
                          <a key={f.id} href={`/api/files/${f.id}`} style={{ marginInlineStart: 8 }}>
                            {f.name}
                          </a>
                        ))}
                      </span>
                    ),
                  }))}
                />
              </>
            )}
            {actions.length > 0 && (
              <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
                <Input.TextArea aria-label={t('tasks.comment')} placeholder={t('tasks.comment')} value={comment} onChange={(e) => setComment(e.target.value)} rows={3} />
                {(actions.includes('transfer') || actions.includes('addApprover')) && (
                  <Input aria-label={t('tasks.target')} placeholder={t('tasks.target')} value={target} onChange={(e) => setTarget(e.target.value)} />
                )}
                {actions.includes('return') && (
                  <Select
                    aria-label={t('tasks.returnTo')}
                    placeholder={t('tasks.returnTo')}
                    style={{ width: 240 }}
                    value={returnTo}
                    onChange={setReturnTo}
                    options={returnSteps(selected).map((s) => ({ value: s, label: s === 0 ? t('tasks.submitter') : t('tasks.stepN', { step: s }) }))}
                  />
                )}
                <Space wrap>
                  {actions.map((a) => (
                    <Button key={a} type={a === 'approve' || a === 'complete' ? 'primary' : 'default'} danger={a === 'reject'} disabled={busy} onClick={() => void act(a)}>
                      {t(`tasks.action.${a}`)}
                    </Button>
                  ))}
                </Space>
              </Space>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
