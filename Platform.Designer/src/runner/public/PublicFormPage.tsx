import { useMemo } from 'react';
import { Layout } from 'antd';
import { useParams } from 'react-router-dom';
import { PublicFormView } from './PublicFormView';
import { publicFormClient } from './publicFormApi';

/** #/public/:app/:slug — a public form, open without signing in. */
export default function PublicFormPage() {
  const { app = '', slug = '' } = useParams();
  const client = useMemo(() => publicFormClient(app, slug), [app, slug]);
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5', padding: '24px 12px' }}>
      <div style={{ width: '100%', maxWidth: 720, margin: '0 auto' }}>
        <PublicFormView client={client} />
      </div>
    </Layout>
  );
}
