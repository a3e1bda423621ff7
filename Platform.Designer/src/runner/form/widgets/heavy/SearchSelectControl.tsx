import { Select } from 'antd';

export interface SelectOption {
  value: string;
  label: string;
}

/** antd Select with search: multi-select fields and relation pickers, mounted on focus. */
export default function SearchSelectControl({ id, value, multiple, options, loading, invalid, onSearch, onChange, onBlur }: {
  id: string;
  value: unknown;
  multiple: boolean;
  options: SelectOption[];
  loading?: boolean;
  invalid: boolean;
  onSearch?: (text: string) => void;
  onChange: (v: unknown) => void;
  onBlur: () => void;
}) {
  return (
    <Select
      id={id}
      autoFocus
      defaultOpen
      allowClear
      showSearch={onSearch ? { filterOption: false, onSearch } : { optionFilterProp: 'label' }}
      style={{ width: '100%' }}
      status={invalid ? 'error' : undefined}
      mode={multiple ? 'multiple' : undefined}
      loading={loading}
      options={options}
      value={(value as string | string[] | undefined) ?? (multiple ? [] : undefined)}
      onChange={(v) => onChange(Array.isArray(v) ? (v.length ? v : undefined) : v ?? undefined)}
      onBlur={onBlur}
    />
  );
}
