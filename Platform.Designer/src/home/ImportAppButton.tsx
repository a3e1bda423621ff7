import { useRef } from 'react';
import { App as AntApp, Button } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';
import { appsApi } from '../shared/platformApi';

/** Uploads an app package (JSON, as export writes it) and installs it as a new app. */
export function ImportAppButton({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const input = useRef<HTMLInputElement>(null);
  const onFile = async (file: File) => {
    let pkg: unknown;
    try {
      pkg = JSON.parse(await file.text());
    } catch {
      message.error(t('designer.home.importNotJson'));
      return;
    }
    try {
      await appsApi.importPackage(pkg);
      message.success(t('designer.home.imported'));
      onImported();
    } catch (e) {
      const errors = e instanceof ApiError && e.problem.errors ? Object.values(e.problem.errors).flat().join(' ') : '';
      message.error(`${t('designer.home.importFailed')} ${e instanceof ApiError ? e.problem.title ?? '' : String(e)} ${errors}`);
    }
  };
  return (
    <>
      <input ref={input} type="file" accept="application/json,.json" style={{ display: 'none' }} data-testid="import-file"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void onFile(f); }} />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>{t('designer.home.import')}</Button>
    </>
  );
}
