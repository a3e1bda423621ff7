import { LockOutlined } from '@ant-design/icons';
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

/** In place of a widget over a model the caller may not read: the rest of the dashboard still works. */
export function NoAccessWidget() {
  const { t } = useTranslation();
  return <Empty data-testid="widget-no-access" image={<LockOutlined style={{ fontSize: 32, color: '#bbb' }} />} description={t('dashboard.noAccess')} />;
}
