import { useEffect, useState } from 'react';
import { useApi, useLinkStatus } from './hooks/api-context';
import { useLive } from './hooks/use-live';
import { I18nProvider, resolveLanguage, useMessages } from './i18n/i18n';
import { ChannelsPage } from './pages/channels/ChannelsPage';
import { LogPage } from './pages/log/LogPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { SessionsPage } from './pages/SessionsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SimulatorPage } from './pages/simulator/SimulatorPage';
import type { AppSettings, AppStatus, Page } from './view-types';

const PAGES: Page[] = ['channels', 'simulator', 'log', 'approvals', 'sessions', 'settings'];
const pageFromHash = (): Page => {
  const name = window.location.hash.replace(/^#\/?/, '') as Page;
  return PAGES.includes(name) ? name : 'channels';
};

function usePrefersDark(): boolean {
  const query = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const listener = () => setDark(query.matches);
    query.addEventListener('change', listener);
    return () => query.removeEventListener('change', listener);
  }, [query]);
  return dark;
}

/** The window: navigation with a badge for what waits, the pages, language and theme from the settings. */
export function App() {
  const api = useApi();
  const [settings, setSettings] = useState<AppSettings>();
  const [status, setStatus] = useState<AppStatus>();
  const [page, setPage] = useState<Page>(pageFromHash);
  const prefersDark = usePrefersDark();

  useEffect(() => {
    void api['settings.get']().then(setSettings);
    void api['app.status']().then(setStatus);
    const stops = [api.on('app.status', setStatus), api.on('app.navigate', ({ page: next }) => (window.location.hash = `#/${next}`))];
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      stops.forEach((stop) => stop());
      window.removeEventListener('hashchange', onHash);
    };
  }, [api]);

  const theme = settings?.theme === 'dark' || (settings?.theme !== 'light' && prefersDark) ? 'dark' : 'light';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const language = resolveLanguage(settings?.language ?? 'system');
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  return (
    <I18nProvider language={language}>
      <Shell page={page} status={status}>
        {page === 'channels' ? <ChannelsPage /> : null}
        {page === 'simulator' ? <SimulatorPage /> : null}
        {page === 'log' ? <LogPage logWriteError={status?.logWrite.ok ? undefined : status?.logWrite.error} /> : null}
        {page === 'approvals' ? <ApprovalsPage /> : null}
        {page === 'sessions' ? <SessionsPage /> : null}
        {page === 'settings' && settings ? <SettingsPage settings={settings} status={status} onChange={setSettings} /> : null}
      </Shell>
    </I18nProvider>
  );
}

function Shell({ page, status, children }: { page: Page; status?: AppStatus; children: React.ReactNode }) {
  const api = useApi();
  const m = useMessages();
  const link = useLinkStatus();
  const waiting = useLive(
    async () => {
      const [pairing, permissions] = await Promise.all([api['pairing.list'](), api['permissions.list']()]);
      return pairing.pending.length + permissions.length;
    },
    ['pairing.changed', 'permission.requested', 'permission.answered'],
  );
  useEffect(() => {
    document.title = waiting.data ? `(${waiting.data}) ${m.appName}` : m.appName;
  }, [waiting.data, m.appName]);
  return (
    <div className="shell">
      <nav className="sidebar" aria-label={m.appName}>
        <div className="brand">
          <img src="./icon.svg" alt="" width={28} height={28} />
          <span>{m.appName}</span>
        </div>
        <ul>
          {PAGES.map((name) => (
            <li key={name}>
              <a href={`#/${name}`} aria-current={page === name ? 'page' : undefined}>
                {m.nav[name]}
                {name === 'approvals' && waiting.data ? (
                  <span className="badge" aria-label={`${waiting.data}`}>
                    {waiting.data}
                  </span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
        {link !== 'open' ? (
          <p className="link-status" role="status">
            {link === 'closed' ? m.link.closed : m.link.connecting}
          </p>
        ) : null}
      </nav>
      <main className="content">
        {status?.secretStorage === 'basic_text' ? (
          <p className="warning" role="alert">
            {m.secretWarning}
          </p>
        ) : null}
        {children}
      </main>
    </div>
  );
}
