import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import { tableApi } from './tableApi';

/** Picks related records by their display field (searching 20 at a time); the value is their ids. */
export function RelationPicker({ app, target, value, multiple, onChange }: {
  app: string; target: ModelDefinition; value: string | string[] | undefined; multiple?: boolean; onChange: (v: string | string[] | undefined) => void;
}) {
  const { t } = useTranslation();
  const display = target.displayField ?? 'id';
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const filter = search.trim() && display !== 'id' ? { field: display, op: 'contains', value: search.trim() } : undefined;
      tableApi.query(app, target.key, { ...(filter ? { filter } : {}), fields: display === 'id' ? [] : [display], page: { size: 20 } })
        .then((r) => live && setOptions(r.items.map((x) => ({ value: x.id, label: String(x[display] ?? x.id) }))))
        .catch(() => live && setOptions([]));
    }, 200);
    return () => { live = false; clearTimeout(timer); };
  }, [app, target.key, display, search]);
  return (
    <Select size="small" showSearch filterOption={false} style={{ minWidth: 160 }} mode={multiple ? 'multiple' : undefined} data-testid="filter-value"
      placeholder={t('table.choose')} value={value} options={options} onSearch={setSearch} onChange={onChange} />
  );
}
