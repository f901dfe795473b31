import { recordOf } from '../base/plain-object.js';

/** What the window is shown in place of a proxy's password, and sends back to mean "keep the saved one". */
export const HIDDEN_PROXY_PASSWORD = '***';

/**
 * `scheme://user:` (the scheme optional, as in the setting), the password, and the rest from the last `@` on: a URL's
 * host starts after its last `@`, so a password may hold one.
 */
const WITH_PASSWORD = /^((?:[a-z][a-z0-9+.-]*:\/\/)?[^:@/\s]*:)(\S*)(@[^@\s]*)$/i;

function passwordIn(proxy: unknown): string | undefined {
  if (typeof proxy !== 'string') return undefined;
  return WITH_PASSWORD.exec(proxy.trim())?.[2] || undefined;
}

/** The password in a proxy URL, a secret like the AppSecret: as written, and as sent once its %-escapes are decoded. */
export function proxyPasswordsOf(proxy: unknown): string[] {
  const password = passwordIn(proxy);
  if (!password) return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

/** A `dingtalk` section as the window may see it: a proxy password shown as `***`, like the AppSecret never shown. */
export function withProxyPasswordHidden(section: Record<string, unknown>): Record<string, unknown> {
  if (!passwordIn(section.proxy)) return section;
  return { ...section, proxy: String(section.proxy).trim().replace(WITH_PASSWORD, `$1${HIDDEN_PROXY_PASSWORD}$3`) };
}

/**
 * A proxy URL from the window with `***` for its password made whole again: the saved password comes back only if
 * the user, host and port are the saved ones, so a form cannot hand the saved password to another proxy; else it
 * is left out, and the proxy's refusal says a password is wanted.
 */
export function keepProxyPassword(proxy: string, saved: unknown): string {
  const typed = WITH_PASSWORD.exec(proxy.trim());
  if (!typed || typed[2] !== HIDDEN_PROXY_PASSWORD) return proxy;
  const kept = typeof saved === 'string' ? WITH_PASSWORD.exec(saved.trim()) : null;
  const same = kept && kept[1] === typed[1] && kept[3] === typed[3];
  return same ? `${typed[1]}${kept[2]}${typed[3]}` : `${(typed[1] ?? '').replace(/:$/, '')}${typed[3]}`;
}

/** The section to save, its proxy password kept from the one saved before when the window sent `***`. */
export function withProxyPasswordKept(section: Record<string, unknown>, savedSection: unknown): Record<string, unknown> {
  if (typeof section.proxy !== 'string') return section;
  return { ...section, proxy: keepProxyPassword(section.proxy, recordOf(savedSection).proxy) };
}
