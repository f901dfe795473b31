// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { LogPage } from '../../renderer/src/pages/log/LogPage';
import { stubApi } from './stub-api';

const downloads: string[] = [];
beforeEach(() => {
  downloads.length = 0;
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:export');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push(this.download);
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function renderPage(language: Language = 'en', link: 'open' | 'closed' = 'open') {
  const stub = stubApi({
    'log.query': () => [],
    'log.export': (input?: { format: string }) => ({ fileName: `dingbridge-log.${input?.format}`, content: '', count: 0 }),
  });
  render(
    <I18nProvider language={language}>
      <ApiProvider api={stub.api} link={link}>
        <LogPage />
      </ApiProvider>
    </I18nProvider>,
  );
  return stub;
}

const menu = (name: string) => screen.getByText(name).closest('details') as HTMLDetailsElement;

describe('the live log’s Export menu', () => {
  it('closes once a format is chosen, and the download starts', async () => {
    renderPage();
    const details = menu('Export');
    fireEvent.click(screen.getByText('Export'));
    expect(details.open).toBe(true);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'CSV' })));
    expect(details.open).toBe(false);
    await waitFor(() => expect(downloads).toEqual(['dingbridge-log.csv']));
    expect(document.activeElement).toBe(details.querySelector('summary'));

    fireEvent.click(screen.getByText('Export'));
    expect(details.open).toBe(true);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'JSONL' })));
    expect(details.open).toBe(false);
    await waitFor(() => expect(downloads).toEqual(['dingbridge-log.csv', 'dingbridge-log.jsonl']));
  });

  it('closes on Escape and on a click elsewhere, without exporting', async () => {
    const stub = renderPage('zh-CN');
    const label = '导出';
    const details = menu(label);
    fireEvent.click(screen.getByText(label));
    expect(details.open).toBe(true);
    fireEvent.keyDown(screen.getByRole('button', { name: 'CSV' }), { key: 'Escape' });
    expect(details.open).toBe(false);

    fireEvent.click(screen.getByText(label));
    expect(details.open).toBe(true);
    fireEvent.pointerDown(document.body);
    expect(details.open).toBe(false);
    expect(stub.calls.some((call) => call.name === 'log.export')).toBe(false);
  });

  it('does not open while Dingbridge is out of reach, and says why', () => {
    renderPage('en', 'closed');
    const details = menu('Export');
    const summary = details.querySelector('summary');
    expect(summary?.getAttribute('aria-disabled')).toBe('true');
    expect(summary?.getAttribute('title')).toBe('Not available while the window is not connected to Dingbridge');
    fireEvent.click(screen.getByText('Export'));
    expect(details.open).toBe(false);
  });
});
