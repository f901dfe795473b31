import { useMessages } from '../i18n/i18n';
import { CopyButton } from './CopyButton';

/** "Installed, needs login: run `qwen` once in a terminal", with the command one click from the clipboard. */
export function NeedsLogin({ login }: { login?: string }) {
  const m = useMessages();
  if (!login) return <>{m.agents.needsLoginAnyhow}</>;
  return (
    <>
      {m.agents.needsLogin.before} <CopyButton value={login} /> {m.agents.needsLogin.after}
    </>
  );
}
