import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../shared/api';
import { fieldLabel, type ModelDefinition } from '../../shared/models/ModelDefinition';
import { groupOf, measuresOf, widgetTitle, type WidgetDefinition } from './DashboardDefinition';
import { ChartWidget } from './ChartWidget';
import { dashboardApi } from './dashboardApi';
import { drillFilter, drillPath } from './drillDown';
import { groupFieldOf, useGroupLabels } from './groupLabels';
import { HeatmapWidget } from './HeatmapWidget';
import { NoAccessWidget } from './NoAccessWidget';
import { NumberCard } from './NumberCard';
import { PivotWidget } from './PivotWidget';
import { RankingWidget } from './RankingWidget';
import { numberValue, pivotTable, rankingRows } from './widgetData';

/**
 * One widget of a dashboard in a card: its query sent to the aggregate endpoint as it stands in the
 * definition, drawn by chart kind. Over a model the caller may not read (not among `models`, or
 * refused by the server) it shows a "no access" placeholder instead.
 */
export function DashboardWidget({ app, widget, models }: { app: string; widget: WidgetDefinition; models: ModelDefinition[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const model = models.find((m) => m.key === widget.model);
  const result = useQuery({
    queryKey: ['dashboard-widget', app, widget.model, JSON.stringify(widget.query)],
    enabled: !!model,
    queryFn: ({ signal }) => dashboardApi.aggregate(app, widget.model, widget.query, signal),
  });
  const label = useGroupLabels(app, widget, model, models, result.data?.rows);
  const denied = !model || (result.error instanceof ApiError && (result.error.status === 403 || result.error.status === 404));

  const measureLabel = (i: number) => {
    const m = measuresOf(widget.query)[i];
    const f = m.field && model ? groupFieldOf(model, m.field) : undefined;
    return m.op === 'count' ? t('dashboard.op.count') : t('dashboard.measure', { field: f ? fieldLabel(f, i18n.language) : m.field, op: t(`dashboard.op.${m.op}`) });
  };
  // The ranking's first column says what it ranks (负责人, 产品…), not a generic "group".
  const groupTitle = () => {
    const first = widget.query.groupBy?.[0];
    const key = first === undefined ? undefined : groupOf(first).field;
    const f = key ? model?.fields.find((x) => x.key === key) : undefined;
    if (f) return fieldLabel(f, i18n.language);
    return key && i18n.exists(`record.system.${key}`) ? t(`record.system.${key}`) : t('dashboard.group');
  };
  const drill = (values: unknown[]) => navigate(drillPath(app, widget.model, drillFilter(widget, values, model!)));

  let body;
  if (denied) body = <NoAccessWidget />;
  else if (result.isLoading) body = <Spin />;
  else if (result.error) body = <Alert type="error" showIcon message={result.error instanceof ApiError ? result.error.problem.title ?? `HTTP ${result.error.status}` : String(result.error)} />;
  else {
    const rows = result.data?.rows ?? [];
    const q = widget.query;
    switch (widget.chart) {
      case 'number':
        body = <NumberCard value={numberValue(rows, q)} label={measureLabel(0)} onDrill={() => drill([])} />;
        break;
      case 'ranking':
        body = <RankingWidget groupTitle={groupTitle()} rows={rankingRows(rows, q, label, widget.limit ?? 10)} measureLabels={measuresOf(q).map((_, i) => measureLabel(i))} onDrill={(key) => drill([key])} />;
        break;
      case 'pivot':
        body = <PivotWidget pivot={pivotTable(rows, q, label)} onDrill={drill} />;
        break;
      case 'heatmap':
        body = <HeatmapWidget pivot={pivotTable(rows, q, label)} onDrill={drill} />;
        break;
      default:
        body = <ChartWidget widget={widget} rows={rows} label={label} measureLabel={measureLabel} onDrill={drill} />;
    }
  }
  return (
    <Card size="small" title={widgetTitle(widget, i18n.language)} data-testid="dashboard-widget" data-widget={widget.key}
      extra={result.data?.truncated ? <Typography.Text type="warning">{t('dashboard.truncated')}</Typography.Text> : undefined}>
      {body}
    </Card>
  );
}
