import { z } from 'zod';

/**
 * A forward proxy as written in `dingtalk.proxy`, in `--proxy` or in `HTTPS_PROXY`: `http://[user:password@]host:port`.
 * Only a plain-HTTP proxy: it is asked for CONNECT tunnels, so what goes to DingTalk over https stays encrypted end to
 * end. A bare `host:port` is read as http://, as curl and most tools read it.
 */
export function parseProxyUrl(value: string): URL | string {
  const written = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    return 'is not a proxy URL such as http://proxy.example.com:3128';
  }
  if (url.protocol !== 'http:') return `must start with http:// (the proxy is spoken to in plain HTTP; ${url.protocol}// is not supported)`;
  if (!url.hostname) return 'has no host';
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return 'must be only http://host:port, without a path';
  return url;
}

/** The proxy as it may be shown or logged: its password left out. */
export function shownProxy(url: URL): string {
  const user = url.username ? `${url.username}@` : '';
  return `http://${user}${url.host}`;
}

/**
 * `dingtalk.proxy`: left out, the environment's `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` decide; an empty string
 * means no proxy whatever the environment says; a URL is the proxy for every DingTalk call, `NO_PROXY` still honoured.
 */
export const ProxySettingSchema = z
  .string({ error: 'must be a proxy URL such as http://proxy.example.com:3128, or "" for no proxy' })
  .trim()
  .superRefine((value, context) => {
    if (value === '') return;
    const parsed = parseProxyUrl(value);
    if (typeof parsed === 'string') context.addIssue({ code: 'custom', message: parsed, params: { code: 'bad_url' } });
  });

export type ProxySetting = z.output<typeof ProxySettingSchema>;
