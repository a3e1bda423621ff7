import { useRef, useState } from 'react';
import { fileUrl, recordPageApi } from '../../record/recordApi';
import { useFormText } from '../formText';
import { acceptedKinds, acceptsFile } from './fileAccept';
import type { WidgetProps } from './WidgetProps';

interface StoredFile { id?: string; name?: string; url?: string; size?: number; contentType?: string }

/**
 * Stored files (attachments and images) as links, and an upload button. The picker offers only the field's
 * accepted kinds ("accept"); a wrong file chosen anyway is refused here with the accepted kinds named,
 * before anything is uploaded (the server refuses it too when the record is saved).
 */
export function AttachmentWidget({ id, field, value, readOnly, onChange }: WidgetProps) {
  const t = useFormText();
  const picker = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const files = (Array.isArray(value) ? value : value ? [value] : []) as StoredFile[];
  const kinds = acceptedKinds(field.type, field.accept);

  async function upload(list: FileList | null) {
    const chosen = Array.from(list ?? []);
    if (picker.current) picker.current.value = '';
    if (chosen.length === 0) return;
    const wrong = chosen.filter((f) => !acceptsFile(kinds, f));
    if (wrong.length > 0) {
      setProblem(t('runner.form.wrongFile', { names: wrong.map((f) => f.name).join(', '), accept: kinds.join(', ') }));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const stored: StoredFile[] = [];
      for (const f of chosen) stored.push(await recordPageApi.upload(f));
      onChange([...files, ...stored]);
    } catch (e) {
      setProblem(t('runner.form.uploadFailed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div id={id} className="lc-files">
      {files.length === 0 && <span className="lc-muted">{t('runner.form.noFiles')}</span>}
      {files.map((f, i) => (
        <span key={f.id ?? i} className="lc-file">
          <a href={f.url ?? (f.id ? fileUrl(f.id) : undefined)} target="_blank" rel="noreferrer">{f.name ?? f.url ?? f.id}</a>
          {!readOnly && (
            <button type="button" className="lc-button" aria-label={t('runner.form.removeFile', { name: f.name ?? '' })}
              onClick={() => onChange(files.filter((_, j) => j !== i))}>×</button>
          )}
        </span>
      ))}
      {!readOnly && (
        <>
          <input ref={picker} type="file" multiple hidden accept={kinds.length > 0 ? kinds.join(',') : undefined}
            data-testid={`upload-${field.key}`} onChange={(e) => void upload(e.target.files)} />
          <button type="button" className="lc-button" disabled={busy} onClick={() => picker.current?.click()}>
            {busy ? t('runner.form.uploading') : kinds.length > 0 ? t('runner.form.uploadOnly', { accept: kinds.join(', ') }) : t('runner.form.upload')}
          </button>
        </>
      )}
      {problem && <span role="alert" className="lc-error">{problem}</span>}
    </div>
  );
}
