import { bypassesProxy } from './no-proxy.js';
import { parseProxyUrl, shownProxy, type ProxySetting } from './proxy-setting.js';
import { DingTalkError } from './errors.js';

/** A proxy to go through: where it is, how it is shown (never with its password) and what to tell it who we are. */
export interface ProxyServer {
  host: string;
  port: number;
  shown: string;
  authorization: string | undefined;
  /** Tells apart pools of connections: one proxy's tunnels are never lent to another's requests. */
  key: string;
}

const DEFAULT_PROXY_PORT = 80;

function serverAt(url: URL): ProxyServer {
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || DEFAULT_PROXY_PORT),
    shown: shownProxy(url),
    authorization: user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined,
    key: url.href,
  };
}

type Env = Record<string, string | undefined>;

/** The lowercase variable wins, as with curl and wget, which read only it for http. */
const fromEnv = (env: Env, name: string): [string, string] | undefined => {
  for (const variable of [name.toLowerCase(), name]) {
    const value = env[variable]?.trim();
    if (value) return [variable, value];
  }
  return undefined;
};

/** A proxy as configured: usable, or why not and where it was written. */
type Configured = { server: ProxyServer } | { source: string; unusable: string };

function configured(source: string, value: string): Configured {
  const parsed = parseProxyUrl(value);
  return typeof parsed === 'string' ? { source, unusable: parsed } : { server: serverAt(parsed) };
}

/**
 * Which proxy, if any, a channel's call to a given address goes through: the channel's `proxy` setting when it has
 * one, else the environment's (`HTTPS_PROXY` for https and wss, `HTTP_PROXY` for http and ws), and never for a host
 * `NO_PROXY` names. The environment is read when the rules are made, once for a channel's run: a change to it is
 * picked up when the channel starts again.
 */
export class ProxyRules {
  private constructor(
    private readonly noProxy: string | undefined,
    private readonly secure: Configured | undefined,
    private readonly plain: Configured | undefined,
  ) {}

  static of(setting: ProxySetting | undefined, env: Env = process.env): ProxyRules {
    if (setting === '') return new ProxyRules(undefined, undefined, undefined);
    const noProxy = fromEnv(env, 'NO_PROXY')?.[1];
    if (setting !== undefined) {
      const proxy = configured('dingtalk.proxy', setting);
      return new ProxyRules(noProxy, proxy, proxy);
    }
    const fromVariable = (name: string) => {
      const found = fromEnv(env, name);
      return found && configured(...found);
    };
    return new ProxyRules(noProxy, fromVariable('HTTPS_PROXY'), fromVariable('HTTP_PROXY'));
  }

  /** @throws DingTalkError when the proxy configured cannot be used, naming where it was configured. */
  serverFor(target: URL): ProxyServer | undefined {
    const secure = target.protocol === 'https:' || target.protocol === 'wss:';
    const proxy = secure ? this.secure : this.plain;
    if (!proxy || bypassesProxy(this.noProxy, target.hostname, target.port || (secure ? '443' : '80'))) return undefined;
    if ('server' in proxy) return proxy.server;
    throw new DingTalkError(`The proxy in ${proxy.source} ${proxy.unusable}.`, {
      kind: 'network',
      problem: { code: 'proxy-unusable', proxy: proxy.source, detail: proxy.unusable },
    });
  }

  /** Every usable proxy these rules can send a call through, each once. */
  servers(): ProxyServer[] {
    const servers = [this.secure, this.plain].flatMap((proxy) => (proxy && 'server' in proxy ? [proxy.server] : []));
    return servers.filter((server, index) => servers.findIndex((other) => other.key === server.key) === index);
  }
}
