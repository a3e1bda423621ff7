import { useEffect, useState } from 'react';
import { Alert, Select, Space, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import { cellText, groupable, type CellContext } from './cellText';
import { tableApi, type AggregateRow } from './tableApi';

/** Group by one field: each value with its row count from the aggregate API; a click filters to it. */
export function GroupPanel({ app, model, fields, filter, field, onField, onPick, ctx }: {
  app: string; model: string; fields: FieldDefinition[]; filter: unknown; field?: string;
  onField: (f?: string) => void; onPick: (field: FieldDefinition, value: unknown) => void; ctx: CellContext;
}) {
  const { t, i18n } = useTranslation();
  const [rows, setRows] = useState<AggregateRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const def = fields.find((f) => f.key === field);
  const filterKey = JSON.stringify(filter ?? null);
  useEffect(() => {
    if (!field) { setRows(null); return; }
    let live = true;
    setRows(null); setError(null);
    tableApi.groups(app, model, filter, field)
      .then((r) => live && setRows(r.rows))
      .catch((e) => live && setError(e instanceof ApiError ? e.problem.title ?? String(e.status) : String(e)));
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [app, model, field, filterKey]);
  return (
    <Space wrap size={4} data-testid="group-panel" style={{ marginBottom: 8 }}>
      <Select size="small" allowClear style={{ width: 170 }} placeholder={t('table.groupBy')} value={field} data-testid="group-field"
        options={fields.filter(groupable).map((f) => ({ value: f.key, label: fieldLabel(f, i18n.language) }))} onChange={(v) => onField(v ?? undefined)} />
      {field && !rows && !error && <Spin size="small" />}
      {error && <Alert type="error" showIcon message={error} />}
      {def && rows?.map((r, i) => {
        const v = r[def.key];
        const text = v === null || v === undefined ? t('table.emptyValue') : cellText(def, v, ctx);
        return (
          <Tag key={i} style={{ cursor: 'pointer' }} data-testid="group-row" onClick={() => onPick(def, v)}>
            {text} <b>{r.count}</b>
          </Tag>
        );
      })}
    </Space>
  );
}
