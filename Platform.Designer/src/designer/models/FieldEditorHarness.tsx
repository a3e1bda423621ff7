// Test support for the field editor's Vitest files: the editor inside the state the model designer keeps,
// the field as it would be saved, and picking options of antd selects under jsdom.
import { afterEach, beforeAll, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import i18n from '../../shared/i18n';
import type { FieldDefinition } from '../../shared/models/ModelDefinition';
import { antdInJsdom } from '../../shared/antdInJsdom';
import { FieldEditor } from './FieldEditor';

/** Call once at the top of a test file. Rendering antd under jsdom takes seconds on a busy machine. */
export function fieldEditorSuite(): void {
  vi.setConfig({ testTimeout: 60000 });
  beforeAll(antdInJsdom);
  afterEach(async () => {
    cleanup();
    await i18n.changeLanguage('zh-CN');
  });
}

/** The editor of fields[index], with that field as it would be saved shown as JSON (read it with saved()). */
export function FieldEditorHarness({ index = 0, fields, related }: { index?: number; fields: FieldDefinition[]; related: Record<string, FieldDefinition[]> }) {
  const [field, setField] = useState(fields[index]);
  return (
    <>
      <FieldEditor field={field} keyLocked={false} models={Object.keys(related).map((m) => ({ value: m, label: m }))} siblings={fields} related={related} onChange={setField} />
      <pre data-testid="saved">{JSON.stringify(field)}</pre>
    </>
  );
}

export const saved = () => JSON.parse(screen.getByTestId('saved').textContent!) as FieldDefinition;

/** Picks an option of the select in `select` (an element or its test id); a searchable select's long list is virtual, so `search` types the option first. */
export async function choose(select: HTMLElement | string, optionText: string, search = false) {
  const box = within(typeof select === 'string' ? screen.getByTestId(select) : select).getByRole('combobox');
  fireEvent.mouseDown(box);
  if (search) fireEvent.change(box, { target: { value: optionText } });
  fireEvent.click(await screen.findByTitle(optionText));
}
