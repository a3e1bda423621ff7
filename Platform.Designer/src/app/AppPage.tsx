import { useState } from 'react';
import { Button, Card, Col, Empty, Form, Input, List, Modal, Row, Select, Spin } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { modelName } from '../shared/models/ModelDefinition';
import { AppFrame } from './AppFrame';
import { useAppPackage } from './useAppPackage';

const keyPattern = /^[a-z][a-z0-9-]{1,39}$/;

/** #/apps/:app — the app's models and forms, with the ways into the designers and the runner. */
export default function AppPage() {
  const { app = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const pkg = useAppPackage(app);
  const [newForm, setNewForm] = useState(false);
  const [newModel, setNewModel] = useState(false);
  const models = pkg.data?.models ?? [];
  const forms = pkg.data?.forms ?? [];
  const lang = i18n.language;

  return (
    <AppFrame app={app} appName={pkg.data?.name}>
      {pkg.isLoading ? <Spin /> : (
        <Row gutter={[12, 12]}>
          <Col xs={24} md={12}>
            <Card title={t('designer.app.models')} extra={<Button icon={<PlusOutlined />} onClick={() => setNewModel(true)}>{t('designer.app.newModel')}</Button>}>
              <List data-testid="model-list" dataSource={models} locale={{ emptyText: <Empty description={t('designer.app.noModels')} /> }}
                renderItem={(m) => (
                  <List.Item data-model-key={m.key} actions={[<Link key="r" to={`/apps/${app}/run/models/${m.key}`}>{t('table.menu.openTable')}</Link>, <Link key="d" to={`/apps/${app}/models/${m.key}`}>{t('designer.app.designModel')}</Link>]}>
                    <List.Item.Meta title={modelName(m, lang)} description={`${m.key} · ${t('designer.app.fieldCount', { count: m.fields.length })}`} />
                  </List.Item>
                )} />
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card title={t('designer.app.forms')} extra={<Button icon={<PlusOutlined />} disabled={models.length === 0} onClick={() => setNewForm(true)}>{t('designer.app.newForm')}</Button>}>
              <List data-testid="form-list" dataSource={forms} locale={{ emptyText: <Empty description={t('designer.app.noForms')} /> }}
                renderItem={(f) => (
                  <List.Item data-form-key={f.key} actions={[
                    <Link key="d" to={`/apps/${app}/forms/${f.key}/design`}>{t('designer.app.designForm')}</Link>,
                    <Link key="r" to={`/apps/${app}/run/forms/${f.key}`}>{t('designer.app.fillForm')}</Link>,
                  ]}>
                    <List.Item.Meta title={lang === 'en' ? f.nameEn || f.name : f.name} description={f.key} />
                  </List.Item>
                )} />
            </Card>
          </Col>
        </Row>
      )}
      <KeyDialog open={newModel} title={t('designer.app.newModel')} onCancel={() => setNewModel(false)}
        onOk={({ key }) => navigate(`/apps/${app}/models/${key}?new=1`)} />
      <KeyDialog open={newForm} title={t('designer.app.newForm')} models={models.map((m) => ({ value: m.key, label: modelName(m, lang) }))} onCancel={() => setNewForm(false)}
        onOk={({ key, model }) => navigate(`/apps/${app}/forms/${key}/design?model=${model}`)} />
    </AppFrame>
  );
}

function KeyDialog({ open, title, models, onOk, onCancel }: { open: boolean; title: string; models?: { value: string; label: string }[]; onOk: (v: { key: string; model?: string }) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal open={open} title={title} onCancel={onCancel} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={onOk} initialValues={{ model: models?.[0]?.value }}>
        <Form.Item name="key" label={t('designer.app.key')} rules={[{ required: true, pattern: keyPattern, message: t('designer.home.keyRule') }]}>
          <Input placeholder="leave-request" />
        </Form.Item>
        {models && (
          <Form.Item name="model" label={t('designer.app.model')} rules={[{ required: true }]}>
            <Select options={models} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
