import { Button, Checkbox, Popover } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fieldLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';

/** Which fields are columns; the order follows the model. */
export function ColumnChooser({ fields, value, onChange }: { fields: FieldDefinition[]; value: string[]; onChange: (v: string[]) => void }) {
  const { t, i18n } = useTranslation();
  const order = fields.map((f) => f.key);
  return (
    <Popover trigger="click" placement="bottomLeft" content={
      <Checkbox.Group data-testid="column-chooser" style={{ display: 'flex', flexDirection: 'column', maxHeight: 360, overflow: 'auto' }} value={value}
        options={fields.map((f) => ({ value: f.key, label: fieldLabel(f, i18n.language) }))}
        onChange={(v) => v.length > 0 && onChange(order.filter((k) => (v as string[]).includes(k)))} />
    }>
      <Button size="small" icon={<SettingOutlined />} data-testid="columns-button">{t('table.columns')}</Button>
    </Popover>
  );
}
