import { useFormText } from '../formText';
import type { WidgetProps } from './WidgetProps';

interface StoredFile { name?: string; url?: string }

/** Lists stored files (attachments and images) as links; uploading waits for the platform's files API. */
export function AttachmentWidget({ id, value }: WidgetProps) {
  const t = useFormText();
  const files = (Array.isArray(value) ? value : value ? [value] : []) as StoredFile[];
  return (
    <div id={id} className="lc-files">
      {files.length === 0 && <span className="lc-muted">{t('runner.form.noFiles')}</span>}
      {files.map((f, i) => (
        <a key={i} href={f.url} target="_blank" rel="noreferrer">
          {f.name ?? f.url}
        </a>
      ))}
    </div>
  );
}
