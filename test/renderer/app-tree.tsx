import type { ReactNode } from 'react';
import type { Api } from '../../electron/contract/client';
import type { LinkStatus } from '../../renderer/src/api';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';

/** `ui` as the window has it: in a language, talking to `api` over a link in the state given. */
export function appTree(api: Api, ui: ReactNode, { language = 'en', link = 'open' }: { language?: Language; link?: LinkStatus } = {}) {
  return (
    <I18nProvider language={language}>
      <ApiProvider api={api} link={link}>
        {ui}
      </ApiProvider>
    </I18nProvider>
  );
}
