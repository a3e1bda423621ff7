import { useEffect, useRef } from 'react';
import { sanitizeHtml } from '../richText';

const commands: Array<[string, string]> = [['bold', 'B'], ['italic', 'I'], ['underline', 'U'], ['insertUnorderedList', '•']];

/** A small contenteditable editor; its HTML is sanitised on every change. */
export default function RichTextEditor({ id, value, onChange, onBlur }: { id: string; value: unknown; onChange: (v: unknown) => void; onBlur: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) {
      ref.current.innerHTML = sanitizeHtml(typeof value === 'string' ? value : '');
      ref.current.focus();
    }
    // The editor owns its DOM after mounting; later values come from the user typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const emit = () => onChange(ref.current ? sanitizeHtml(ref.current.innerHTML) : '');
  return (
    <div className="lc-richtext">
      <div className="lc-richtext-bar">
        {commands.map(([cmd, label]) => (
          <button key={cmd} type="button" onMouseDown={(e) => { e.preventDefault(); document.execCommand(cmd); emit(); }}>
            {label}
          </button>
        ))}
      </div>
      <div id={id} ref={ref} className="lc-input lc-richtext-body" contentEditable onInput={emit} onBlur={onBlur} />
    </div>
  );
}
