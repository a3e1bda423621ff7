import { Card, Empty, List, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { buildMenu, type MenuEntry } from './menuItems';
import { RunnerLayout } from './RunnerLayout';
import { useRunnerSource } from './useRunnerSource';

const flatten = (entries: MenuEntry[]): MenuEntry[] => entries.flatMap((e) => (e.children ? flatten(e.children) : [e]));

/** #/apps/:app/run — the app as its users see it: every menu entry as a link. */
export default function RunnerHomePage() {
  const { app = '' } = useParams();
  const { t, i18n } = useTranslation();
  const source = useRunnerSource(app);
  const entries = source.data ? flatten(buildMenu(app, source.data, i18n.language, { models: '', forms: '', views: '' })) : [];
  return (
    <RunnerLayout app={app}>
      {source.isLoading ? <Spin /> : (
        <Card title={t('table.menu.title')}>
          <List data-testid="runner-home" dataSource={entries} locale={{ emptyText: <Empty description={t('table.menu.empty')} /> }}
            renderItem={(e) => <List.Item><Link to={e.path!}>{e.label}</Link> <span style={{ color: '#999' }}>{t(`table.menu.kind.${e.kind}`)}</span></List.Item>} />
        </Card>
      )}
    </RunnerLayout>
  );
}
