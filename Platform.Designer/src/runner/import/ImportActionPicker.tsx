import { Alert, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import { matchCandidates, RECORD_ID, type ColumnMapping, type ImportAction } from './importMapping';

/**
 * The import wizard's choice of what rows do — create records, update the records they match, or
 * both (upsert) — and, for update and upsert, the unique field (or record id) rows are matched on.
 */
export function ImportActionPicker({ fields, mapping, action, matchOn, onChange }: {
  fields: FieldDefinition[];
  mapping: ColumnMapping;
  action: ImportAction;
  matchOn: string | null;
  onChange: (action: ImportAction, matchOn: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const candidates = matchCandidates(fields, mapping);
  const label = (key: string) => (key === RECORD_ID ? t('importAction.recordId') : fieldLabel(fields.find((f) => f.key === key)!, i18n.language));
  const pick = (next: ImportAction) => onChange(next, next === 'create' ? null : matchOn && candidates.includes(matchOn) ? matchOn : candidates[0] ?? null);
  return (
    <Space direction="vertical" data-testid="import-action-picker">
      <Space wrap>
        <Typography.Text>{t('importAction.action')}</Typography.Text>
        <Select<ImportAction> style={{ width: 260 }} value={action} onChange={pick} data-testid="import-action"
          options={(['create', 'update', 'upsert'] as const).map((value) => ({ value, label: t(`importAction.${value}`) }))} />
      </Space>
      {action !== 'create' && (candidates.length === 0
        ? <Alert type="warning" showIcon message={t('importAction.noCandidate')} data-testid="import-match-missing" />
        : (
          <Space wrap>
            <Typography.Text>{t('importAction.matchOn')}</Typography.Text>
            <Select<string> style={{ width: 260 }} value={matchOn ?? undefined} onChange={(v) => onChange(action, v)} data-testid="import-match-on"
              options={candidates.map((key) => ({ value: key, label: label(key) }))} />
          </Space>
        ))}
      {action !== 'create' && <Typography.Text type="secondary">{t(action === 'update' ? 'importAction.updateHint' : 'importAction.upsertHint')}</Typography.Text>}
    </Space>
  );
}
