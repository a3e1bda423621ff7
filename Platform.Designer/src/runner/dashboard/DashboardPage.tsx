import { Alert, Col, Result, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { RunnerLayout } from '../menu/RunnerLayout';
import { useRunnerSource } from '../menu/useRunnerSource';
import { dashboardName } from './DashboardDefinition';
import { DashboardWidget } from './DashboardWidget';

/** #/apps/:app/run/dashboards/:dashboard — a dashboard of the app; the server decided the caller may open it. */
export default function DashboardPage() {
  const { app = '', dashboard: key } = useParams();
  const { t, i18n } = useTranslation();
  const source = useRunnerSource(app);
  const dashboard = source.data?.dashboards?.find((d) => d.key === key);
  let body;
  if (source.isLoading) body = <Spin />;
  else if (source.error) body = <Alert type="error" showIcon message={String(source.error)} />;
  else if (!dashboard) body = <Result status="404" title={t('dashboard.notFound')} />;
  else {
    const description = i18n.language === 'en' ? dashboard.descriptionEn || dashboard.description : dashboard.description || dashboard.descriptionEn;
    body = (
      <div data-testid="dashboard" data-dashboard={dashboard.key}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{dashboardName(dashboard, i18n.language)}</Typography.Title>
        {description && <Typography.Paragraph type="secondary">{description}</Typography.Paragraph>}
        <Row gutter={[12, 12]}>
          {dashboard.widgets.map((w) => (
            <Col key={w.key} xs={24} lg={w.chart === 'number' ? 6 : 12}>
              <DashboardWidget app={app} widget={w} models={source.data!.models} />
            </Col>
          ))}
        </Row>
      </div>
    );
  }
  return <RunnerLayout app={app} title={dashboard ? dashboardName(dashboard, i18n.language) : undefined}>{body}</RunnerLayout>;
}
