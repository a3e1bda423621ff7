import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';

export default function DatePickerControl({ id, value, withTime, invalid, onChange, onBlur }: {
  id: string;
  value: unknown;
  withTime: boolean;
  invalid: boolean;
  onChange: (v: unknown) => void;
  onBlur: () => void;
}) {
  const { i18n } = useTranslation();
  // antd's zh-CN calendar needs dayjs in the same language (week days, month names).
  dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn');
  const parsed = typeof value === 'string' && value ? dayjs(value) : null;
  return (
    <DatePicker
      id={id}
      autoFocus
      defaultOpen
      style={{ width: '100%' }}
      status={invalid ? 'error' : undefined}
      showTime={withTime}
      value={parsed && parsed.isValid() ? parsed : null}
      onChange={(d) => onChange(d ? (withTime ? d.toISOString() : d.format('YYYY-MM-DD')) : undefined)}
      onBlur={onBlur}
    />
  );
}
