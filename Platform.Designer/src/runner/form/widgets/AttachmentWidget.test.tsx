import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18n from '../../../shared/i18n';
import type { FormDefinition } from '../../../shared/forms/FormDefinition';
import type { ModelDefinition } from '../../../shared/models/ModelDefinition';
import { FormRenderer } from '../FormRenderer';
import { FormStore } from '../FormStore';

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await i18n.changeLanguage('zh-CN');
});

const model: ModelDefinition = {
  key: 'opportunity',
  name: '商机',
  fields: [
    { key: 'title', type: 'text', label: '名称' },
    { key: 'proposal', type: 'attachment', label: '解决方案', labelEn: 'Proposal', accept: ['.pdf', 'application/pdf'] },
    { key: 'photos', type: 'image', label: '现场照片' },
  ],
};
const form: FormDefinition = {
  key: 'opportunity-form',
  model: 'opportunity',
  name: '商机',
  layout: [{ type: 'field', fieldKey: 'title' }, { type: 'field', fieldKey: 'proposal' }, { type: 'field', fieldKey: 'photos' }],
};

/** Records the uploads the widget sends and answers each like POST /api/files. */
function filesApi() {
  const sent: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const file = (init.body as FormData).get('file') as File;
    sent.push(`${init.method} ${url} ${file.name}`);
    return new Response(JSON.stringify({ id: `f${sent.length}`, name: file.name, size: file.size, contentType: file.type }), {
      status: 201, headers: { 'Content-Type': 'application/json' },
    });
  });
  return sent;
}

const pick = (key: string, ...files: File[]) => act(async () => {
  fireEvent.change(screen.getByTestId(`upload-${key}`), { target: { files } });
});

describe('attachment upload with accepted kinds', { timeout: 30_000 }, () => {
  it('offers only the accepted kinds and refuses a wrong file with a clear message, uploading nothing', async () => {
    const sent = filesApi();
    const store = new FormStore(model, form);
    render(<FormRenderer store={store} />);
    const input = screen.getByTestId('upload-proposal') as HTMLInputElement;
    expect(input.accept).toBe('.pdf,application/pdf');
    expect(screen.getByRole('button', { name: '上传文件（仅限 .pdf, application/pdf）' })).toBeTruthy();

    await pick('proposal', new File(['x'], '方案.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
    expect(screen.getByRole('alert').textContent).toBe('「方案.docx」不是允许的文件类型：此处只能上传 .pdf, application/pdf 文件，请重新选择。');
    expect(sent).toEqual([]);
    expect(store.getValue('proposal')).toBeUndefined();

    await pick('proposal', new File(['%PDF'], '方案.PDF', { type: '' }));
    await waitFor(() => expect(store.getValue('proposal')).toEqual([{ id: 'f1', name: '方案.PDF', size: 4, contentType: '' }]));
    expect(sent).toEqual(['POST /api/files 方案.PDF']);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('link', { name: '方案.PDF' }).getAttribute('href')).toBe('/api/files/f1');
  });

  it('takes only images in an image field and speaks English', async () => {
    await i18n.changeLanguage('en');
    const sent = filesApi();
    const store = new FormStore(model, form);
    render(<FormRenderer store={store} />);
    expect((screen.getByTestId('upload-photos') as HTMLInputElement).accept).toBe('image/*');
    await pick('photos', new File(['x'], 'notes.txt', { type: 'text/plain' }), new File(['x'], 'site.jpg', { type: 'image/jpeg' }));
    expect(screen.getByRole('alert').textContent).toBe('notes.txt: this field only takes image/* files. Choose another file.');
    expect(sent).toEqual([]);
    await pick('photos', new File(['x'], 'site.jpg', { type: 'image/jpeg' }));
    await waitFor(() => expect(sent).toEqual(['POST /api/files site.jpg']));
    fireEvent.click(screen.getByRole('button', { name: 'Remove site.jpg' }));
    expect(store.getValue('photos')).toEqual([]);
  });
});
