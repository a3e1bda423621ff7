import { lazy } from 'react';
import { MountOnFocus } from './MountOnFocus';
import { plainText } from './richText';
import type { WidgetProps } from './WidgetProps';

const RichTextEditor = lazy(() => import('./heavy/RichTextEditor'));

export function RichTextWidget({ id, value, readOnly, invalid, props, onChange, onBlur }: WidgetProps) {
  return (
    <MountOnFocus
      readOnly={readOnly}
      light={(activate) => (
        <textarea id={id} className="lc-input lc-textarea" data-light rows={3} readOnly value={typeof value === 'string' ? plainText(value) : ''}
          placeholder={props?.placeholder} aria-invalid={invalid || undefined} onFocus={activate} onClick={activate} />
      )}
      heavy={() => <RichTextEditor id={id} value={value} onChange={onChange} onBlur={onBlur} />}
    />
  );
}
