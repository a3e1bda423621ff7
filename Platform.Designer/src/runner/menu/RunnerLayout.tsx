import { useState, type ReactNode } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Typography, type MenuProps } from 'antd';
import { HomeOutlined, MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { LanguageSwitch } from '../../home/LanguageSwitch';
import { buildMenu, type MenuEntry } from './menuItems';
import { useRunnerSource } from './useRunnerSource';

type Item = NonNullable<MenuProps['items']>[number];

function toItems(entries: MenuEntry[]): Item[] {
  return entries.map((e) => (e.children
    ? { key: e.key, label: e.label, type: 'group' as const, children: toItems(e.children) }
    : { key: e.path!, label: <span data-menu-key={e.key}>{e.label}</span> }));
}

/** The runner's frame: the app's menu at the side on desktop, in a drawer at phone width. */
export function RunnerLayout({ app, title, children }: { app: string; title?: ReactNode; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [open, setOpen] = useState(false);
  const source = useRunnerSource(app);
  const navigate = useNavigate();
  const location = useLocation();
  const entries = source.data ? buildMenu(app, source.data, i18n.language, { models: t('table.menu.models'), forms: t('table.menu.forms'), views: t('table.menu.views'), dashboards: t('table.menu.dashboards') }) : [];
  const menu = (
    <Menu mode="inline" data-testid="runner-menu" selectedKeys={[location.pathname]} items={toItems(entries)} style={{ borderInlineEnd: 0 }}
      onClick={({ key }) => { setOpen(false); navigate(key); }} />
  );
  const appName = source.data?.name ?? app;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 8, background: '#fff', padding: '0 12px', borderBottom: '1px solid #f0f0f0' }}>
        {phone && <Button type="text" icon={<MenuOutlined />} aria-label={t('table.menu.open')} data-testid="runner-menu-button" onClick={() => setOpen(true)} />}
        <Link to="/" aria-label={t('table.menu.home')}><HomeOutlined /></Link>
        <Typography.Text strong ellipsis style={{ flex: '0 1 auto' }}><Link to={`/apps/${app}/run`}>{appName}</Link></Typography.Text>
        {title && <Typography.Text ellipsis style={{ flex: 1 }}>/ {title}</Typography.Text>}
        <span style={{ marginInlineStart: 'auto' }}><LanguageSwitch /></span>
      </Layout.Header>
      <Layout>
        {!phone && <Layout.Sider width={210} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>{menu}</Layout.Sider>}
        {phone && <Drawer open={open} placement="left" width={260} title={appName} onClose={() => setOpen(false)} styles={{ body: { padding: 0 } }}>{menu}</Drawer>}
        <Layout.Content style={{ padding: phone ? 8 : 12, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
