import { describe, expect, it, afterEach } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18n from '../shared/i18n';
import { SignInPage } from './SignInPage';

function renderPage() {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <SignInPage />
    </QueryClientProvider>,
  );
}

describe('SignInPage', () => {
  afterEach(async () => {
    cleanup();
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('speaks Chinese by default and switches to English', async () => {
    renderPage();
    expect(screen.getByPlaceholderText('用户名')).toBeTruthy();
    await act(() => i18n.changeLanguage('en'));
    expect(screen.getByPlaceholderText('User name')).toBeTruthy();
  });

  it('asks for both fields before calling the server', async () => {
    renderPage();
    fireEvent.submit(screen.getByRole('form'));
    expect((await screen.findByTestId('sign-in-error')).textContent).toContain('请填写此项');
  });
});
