import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';

export const appKeyPattern = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * Asks for a new app's key and name (and a template when given a list), then runs `submit`.
 * Server-side errors (a key already taken) appear beside their field.
 */
export function AppKeyDialog({ open, title, templates, initialName, submit, onClose, testId }: {
  open: boolean;
  title: string;
  templates?: { value: string; label: string }[];
  initialName?: string;
  submit: (v: { key: string; name: string; template?: string }) => Promise<unknown>;
  onClose: (created: string | null) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ name: initialName, template: templates?.[0]?.value });
      setError(null);
    }
  }, [open, form, initialName, templates]);

  const finish = async (v: { key: string; name: string; template?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await submit(v);
      onClose(v.key);
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors) {
        form.setFields(Object.entries(e.problem.errors).map(([name, errors]) => ({ name, errors })));
        setError(e.problem.title ?? null);
      } else setError(e instanceof ApiError ? e.problem.title ?? `HTTP ${e.status}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={title} onCancel={() => onClose(null)} onOk={() => form.submit()} confirmLoading={busy} okText={t('designer.home.create')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={finish} data-testid={testId}>
        {templates && (
          <Form.Item name="template" label={t('designer.home.template')} rules={[{ required: true }]}>
            <Select options={templates} />
          </Form.Item>
        )}
        <Form.Item name="key" label={t('designer.home.key')} extra={t('designer.home.keyRule')}
          rules={[{ required: true, message: t('designer.home.keyRule') }, { pattern: appKeyPattern, message: t('designer.home.keyRule') }]}>
          <Input placeholder="leave-request" />
        </Form.Item>
        <Form.Item name="name" label={t('designer.home.name')} rules={[{ required: true, whitespace: true, message: t('designer.home.nameRequired') }]}>
          <Input placeholder={t('designer.home.namePlaceholder')} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
