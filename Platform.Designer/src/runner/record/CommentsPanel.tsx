import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { fileUrl, recordPageApi, type FileInfo } from './recordApi';

/** Comments on the record, oldest first, and a box to add one with attachments (uploaded through the files API). */
export function CommentsPanel({ app, model, id }: { app: string; model: string; id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = ['comments', app, model, id];
  const comments = useQuery({ queryKey: key, queryFn: () => recordPageApi.comments(app, model, id) });
  const [text, setText] = useState('');
  const [files, setFiles] = useState<FileInfo[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const problem = (e: unknown) =>
    e instanceof ApiError ? Object.values(e.problem.errors ?? {}).flat()[0] ?? e.problem.title ?? `HTTP ${e.status}` : String(e);

  const upload = async (list: FileList | null) => {
    if (!list) return;
    setBusy(true);
    setError(null);
    try {
      const stored: FileInfo[] = [];
      for (const file of Array.from(list)) stored.push(await recordPageApi.upload(file));
      setFiles((f) => [...f, ...stored]);
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
      if (picker.current) picker.current.value = '';
    }
  };

  const add = async () => {
    if (!text.trim() && files.length === 0) {
      setError(t('record.commentEmpty'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await recordPageApi.addComment(app, model, id, text, files.map((f) => f.id));
      setText('');
      setFiles([]);
      await queryClient.invalidateQueries({ queryKey: key });
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="record-comments">
      {comments.isLoading ? <Spin /> : comments.error ? <Alert type="error" showIcon message={String(comments.error)} /> : (
        <List size="small" dataSource={comments.data ?? []} locale={{ emptyText: <Empty description={t('record.noComments')} /> }}
          renderItem={(c) => (
            <List.Item data-testid="comment" key={c.id}>
              <div style={{ width: '100%' }}>
                <div>
                  <Typography.Text strong>{c.by?.userName ?? ''}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{dayjs(c.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                </div>
                {c.text && <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{c.text}</div>}
                {c.files.map((f) => (
                  <div key={f.id}><a href={fileUrl(f.id)} target="_blank" rel="noreferrer"><PaperClipOutlined /> {f.name}</a></div>
                ))}
              </div>
            </List.Item>
          )} />
      )}
      <div style={{ marginTop: 8 }}>
        <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10000}
          placeholder={t('record.commentPlaceholder')} aria-label={t('record.commentPlaceholder')} />
        {files.length > 0 && (
          <div style={{ marginTop: 4 }}>
            {files.map((f) => (
              <Tag key={f.id} closable onClose={() => setFiles((all) => all.filter((x) => x.id !== f.id))} data-testid="comment-file">{f.name}</Tag>
            ))}
          </div>
        )}
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
        <input ref={picker} type="file" multiple hidden data-testid="comment-file-input" onChange={(e) => void upload(e.target.files)} />
        <Space style={{ marginTop: 8 }}>
          <Button icon={<PaperClipOutlined />} onClick={() => picker.current?.click()} disabled={busy}>{t('record.attach')}</Button>
          <Button type="primary" onClick={() => void add()} loading={busy}>{t('record.addComment')}</Button>
        </Space>
      </div>
    </div>
  );
}
