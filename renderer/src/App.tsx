import { useEffect, useState } from 'react';
import { useApi, useLink } from './hooks/api-context';
import { isDisconnected, useLive } from './hooks/use-live';
import { NavigationContext } from './hooks/navigation';
import { PAGES } from './hooks/page-address';
import { usePageNavigation, type PageNavigation } from './hooks/use-page-navigation';
import { ConfirmDialog } from './components/ConfirmDialog';
import { I18nProvider, resolveLanguage, useMessages } from './i18n/i18n';
import { ChannelsPage } from './pages/channels/ChannelsPage';
import { LogPage } from './pages/log/LogPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { SessionsPage } from './pages/SessionsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SimulatorPage } from './pages/simulator/SimulatorPage';
import type { AppSettings, AppStatus } from './view-types';

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
  const navigation = usePageNavigation();
  const { page, request } = navigation;
  const prefersDark = usePrefersDark();
  const { returns } = useLink();

  // Again whenever the daemon comes back: the status it sent while the window could not hear it is lost.
  useEffect(() => {
    const cutOff = (failure: unknown) => {
      if (!isDisconnected(failure)) throw failure;
    };
    void api['settings.get']().then(setSettings, cutOff);
    void api['app.status']().then(setStatus, cutOff);
  }, [api, returns]);

  useEffect(() => {
    // The tray's "open …" is a request like a press on the sidebar, so it asks before unsaved edits are lost.
    const stops = [api.on('app.status', setStatus), api.on('app.navigate', ({ page: next }) => request(next))];
    return () => stops.forEach((stop) => stop());
  }, [api, request]);

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
      <Shell navigation={navigation} status={status}>
        {page === 'channels' ? <ChannelsPage apiCallWarning={settings?.apiCallWarning ?? 0} /> : null}
        {page === 'simulator' ? <SimulatorPage /> : null}
        {page === 'log' ? <LogPage logWriteError={status?.logWrite.ok ? undefined : status?.logWrite.error} /> : null}
        {page === 'approvals' ? <ApprovalsPage /> : null}
        {page === 'sessions' ? <SessionsPage /> : null}
        {page === 'settings' && settings ? <SettingsPage settings={settings} status={status} onChange={setSettings} /> : null}
      </Shell>
    </I18nProvider>
  );
}

function Shell({ navigation, status, children }: { navigation: PageNavigation; status?: AppStatus; children: React.ReactNode }) {
  const api = useApi();
  const m = useMessages();
  const link = useLink();
  const connected = link.status === 'open';
  const { page, leaving } = navigation;
  const waiting = useLive(
    async () => {
      const [pairing, permissions] = await Promise.all([api['pairing.list'](), api['permissions.list']()]);
      return pairing.pending.length + permissions.length;
    },
    ['pairing.changed', 'permission.requested', 'permission.answered'],
  );
  // A count from before the daemon went away may be wrong, so none is shown rather than a stale one.
  const waitingNow = connected ? waiting.data : undefined;
  useEffect(() => {
    document.title = waitingNow ? `(${waitingNow}) ${m.appName}` : m.appName;
  }, [waitingNow, m.appName]);
  return (
    <NavigationContext.Provider value={navigation.navigation}>
      <div className="shell">
        <nav className="sidebar" aria-label={m.appName}>
          <div className="brand">
            <img src="./icon.svg" alt="" width={28} height={28} />
            <span>{m.appName}</span>
          </div>
          <ul>
            {PAGES.map((name) => (
              <li key={name}>
                <a
                  href={`#/${name}`}
                  aria-current={page === name ? 'page' : undefined}
                  onClick={(event) => {
                    // Left to the browser: a new tab or window from a modified click.
                    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                    event.preventDefault();
                    navigation.request(name);
                  }}
                >
                  {m.nav[name]}
                  {name === 'approvals' && waitingNow ? (
                    <span className="badge" aria-label={`${waitingNow}`}>
                      {waitingNow}
                    </span>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
          {!connected ? (
            <div className="link-status" role="status">
              {link.lost ? (
                <>
                  <p>{m.link.closed}</p>
                  <p className="hint">{m.link.restarted}</p>
                </>
              ) : (
                <p>{m.link.connecting}</p>
              )}
            </div>
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
        {leaving ? (
          <ConfirmDialog title={m.unsaved.title} confirmLabel={m.unsaved.discard} cancelLabel={m.unsaved.keep} danger onConfirm={navigation.discard} onCancel={navigation.keep}>
            <p>{m.unsaved.detail}</p>
          </ConfirmDialog>
        ) : null}
      </div>
    </NavigationContext.Provider>
  );
}
