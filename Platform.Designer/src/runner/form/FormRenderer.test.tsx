import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import '../../shared/i18n';
import { FormRenderer } from './FormRenderer';
import { FormStore } from './FormStore';
import { leaveForm, leaveModel, leaveSchema } from './testForm';

afterEach(cleanup);

describe('FormRenderer', () => {
  it('renders labels, hides rule-hidden fields and shows them when the rule holds', async () => {
    const store = new FormStore(leaveModel, leaveForm, { schema: leaveSchema });
    const { container } = render(<FormRenderer store={store} />);
    expect(screen.getByLabelText(/申请人/)).toBeTruthy();
    expect(container.querySelector('[data-field="certificate"]')).toBeNull();
    fireEvent.change(screen.getByLabelText('类型'), { target: { value: 'sick' } });
    expect(container.querySelector('[data-field="certificate"]')).not.toBeNull();
    expect(container.querySelector('[data-field="reason"] .lc-req')).not.toBeNull();
  });

  it('shows validation messages in Chinese after submit', async () => {
    const store = new FormStore(leaveModel, leaveForm, { schema: leaveSchema });
    const { container } = render(<FormRenderer store={store} />);
    await act(async () => {
      await store.validate();
    });
    expect(container.querySelector('[data-field="applicant"] [role="alert"]')?.textContent).toBe('请填写此项');
  });
});

describe('FormRenderer re-rendering', () => {
  it('re-renders only the field that changed (widgets swapped through the registry)', async () => {
    const { widgets } = await import('./widgets/registry');
    const { TextWidget } = await import('./widgets/TextWidget');
    const { NumberWidget } = await import('./widgets/NumberWidget');
    const renders: Record<string, number> = {};
    const counting = (Inner: typeof TextWidget) => (p: Parameters<typeof TextWidget>[0]) => {
      renders[p.field.key] = (renders[p.field.key] ?? 0) + 1;
      return Inner(p);
    };
    const saved = { text: widgets.text, number: widgets.number };
    widgets.text = counting(TextWidget);
    widgets.number = counting(NumberWidget);
    try {
      const store = new FormStore(leaveModel, leaveForm, { schema: leaveSchema });
      render(<FormRenderer store={store} />);
      const before = { ...renders };
      fireEvent.change(screen.getByLabelText(/申请人/), { target: { value: '李' } });
      fireEvent.change(screen.getByLabelText(/申请人/), { target: { value: '李雷' } });
      expect(renders.applicant).toBe(before.applicant + 2);
      expect(renders.days).toBe(before.days);
    } finally {
      Object.assign(widgets, saved);
    }
  });
});
