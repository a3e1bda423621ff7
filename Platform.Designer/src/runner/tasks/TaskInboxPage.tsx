import { Button, Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { TaskInbox } from './TaskInbox';
import { tasksClient } from './tasksApi';

/** /tasks and /tasks/:id: the signed-in user's inbox. */
export default function TaskInboxPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <Layout style={{ minHeight: '100vh', background: '#fff', padding: 24 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16, marginBottom: 16 }}>
        <Link to="/">
          <Button>{t('tasks.back')}</Button>
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('tasks.title')}
        </Typography.Title>
      </div>
      <TaskInbox client={tasksClient} initialTaskId={id} />
    </Layout>
  );
}
