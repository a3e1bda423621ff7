import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../shared/i18n';

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <Segmented
      size="small"
      data-testid="language-switch"
      value={i18n.language}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
      onChange={(v) => setLanguage(v as Language)}
    />
  );
}
