import { useApi, useConnected } from '../hooks/api-context';
import { useAction } from '../hooks/use-action';
import { useMessages } from '../i18n/i18n';
import { Field } from '../components/Field';
import { CopyButton } from '../components/CopyButton';
import type { AppSettings, AppStatus } from '../view-types';
import { ApiCallWarningField } from './ApiCallWarningField';

/** Language, theme, start at login and where the data lives. */
export function SettingsPage({ settings, status, onChange }: { settings: AppSettings; status?: AppStatus; onChange: (settings: AppSettings) => void }) {
  const api = useApi();
  const m = useMessages();
  const s = m.settings;
  const [update, updating] = useAction(async (patch: Partial<Pick<AppSettings, 'language' | 'theme' | 'startAtLogin' | 'apiCallWarning'>>) => onChange(await api['settings.set'](patch)));
  const headless = status?.mode === 'headless';
  // As on the other pages: a change made while Dingbridge is out of reach would only fail.
  const connected = useConnected();
  const off = { disabled: !connected, title: connected ? undefined : m.offline.actionsOff };
  return (
    <section aria-labelledby="settings-title">
      <header className="page-header">
        <div>
          <h1 id="settings-title">{s.title}</h1>
          <p className="subtitle">{s.subtitle}</p>
        </div>
      </header>
      {updating.error ? (
        <p className="error" role="alert">
          {updating.error}
        </p>
      ) : null}
      <div className="settings">
        <section className="panel" aria-labelledby="settings-appearance">
          <h2 id="settings-appearance">{s.appearance}</h2>
          <Field label={s.language}>
            {(id) => (
              <select id={id} {...off} value={settings.language} onChange={(e) => void update({ language: e.target.value as AppSettings['language'] })}>
                {(Object.keys(s.languages) as Array<keyof typeof s.languages>).map((key) => (
                  <option key={key} value={key}>
                    {s.languages[key]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={s.theme}>
            {(id) => (
              <select id={id} {...off} value={settings.theme} onChange={(e) => void update({ theme: e.target.value as AppSettings['theme'] })}>
                {(Object.keys(s.themes) as Array<keyof typeof s.themes>).map((key) => (
                  <option key={key} value={key}>
                    {s.themes[key]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>
        <section className="panel" aria-labelledby="settings-startup">
          <h2 id="settings-startup">{s.startup}</h2>
          <div>
            <label className="choice">
              <input type="checkbox" checked={settings.startAtLogin} disabled={headless || updating.busy || !connected} title={off.title} onChange={(e) => void update({ startAtLogin: e.target.checked })} />
              {s.startAtLogin}
            </label>
            {headless ? <p className="hint">{s.startAtLoginHeadless}</p> : null}
          </div>
        </section>
        <section className="panel" aria-labelledby="settings-api-calls">
          <h2 id="settings-api-calls">{s.apiCalls}</h2>
          <ApiCallWarningField value={settings.apiCallWarning} disabled={!connected || updating.busy} onSave={(apiCallWarning) => void update({ apiCallWarning })} />
        </section>
        <section className="panel" aria-labelledby="settings-about">
          <h2 id="settings-about">{s.about}</h2>
          <dl className="facts">
            <dt>{s.dataDir}</dt>
            <dd>
              <CopyButton value={settings.dataDir} />
            </dd>
            {status ? (
              <>
                <dt>{s.secrets}</dt>
                <dd>{s.secretKinds[status.secretStorage]}</dd>
                <dt>{s.version}</dt>
                <dd>{status.version}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
    </section>
  );
}
