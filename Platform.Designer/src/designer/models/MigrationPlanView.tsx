import { Alert, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MigrationPlan } from '../../shared/platformApi';

/** The data engine's plan for a model change, step by step, before anything is applied. */
export function MigrationPlanView({ plan }: { plan: MigrationPlan | unknown }) {
  const { t } = useTranslation();
  const p = (plan ?? {}) as Record<string, unknown>;
  const steps = (Array.isArray(plan) ? plan : Array.isArray(p.steps) ? p.steps : null) as Array<Record<string, unknown> | string> | null;
  const warnings = Array.isArray(p.warnings) ? (p.warnings as unknown[]) : [];
  return (
    <div data-testid="migration-plan">
      {warnings.map((w, i) => <Alert key={i} type="warning" showIcon message={String(typeof w === 'object' ? JSON.stringify(w) : w)} style={{ marginBottom: 8 }} />)}
      {steps ? (
        steps.length === 0 ? <Typography.Paragraph>{t('designer.models.planEmpty')}</Typography.Paragraph> : (
          <List size="small" bordered dataSource={steps}
            renderItem={(s) => (
              <List.Item>
                {typeof s === 'string' ? s : String(s.description ?? s.summary ?? s.sql ?? JSON.stringify(s))}
              </List.Item>
            )} />
        )
      ) : (
        <pre style={{ maxHeight: 360, overflow: 'auto', background: '#fafafa', padding: 8 }}>{JSON.stringify(plan, null, 2)}</pre>
      )}
    </div>
  );
}
