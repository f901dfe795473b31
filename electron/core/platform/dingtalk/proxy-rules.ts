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

/**
 * Which proxy, if any, a channel's call to a given address goes through: the channel's `proxy` setting when it has
 * one, else the environment's (`HTTPS_PROXY` for https and wss, `HTTP_PROXY` for http and ws), and never for a host
 * `NO_PROXY` names.
 */
export class ProxyRules {
  private constructor(
    private readonly setting: ProxySetting | undefined,
    private readonly env: Env,
  ) {}

  static of(setting: ProxySetting | undefined, env: Env = process.env): ProxyRules {
    return new ProxyRules(setting, env);
  }

  /** @throws DingTalkError when the proxy configured cannot be used, naming where it was configured. */
  serverFor(target: URL): ProxyServer | undefined {
    if (this.setting === '') return undefined;
    const secure = target.protocol === 'https:' || target.protocol === 'wss:';
    if (bypassesProxy(fromEnv(this.env, 'NO_PROXY')?.[1], target.hostname, target.port || (secure ? '443' : '80'))) return undefined;
    const [source, value] = this.setting !== undefined ? ['dingtalk.proxy', this.setting] : fromEnv(this.env, secure ? 'HTTPS_PROXY' : 'HTTP_PROXY') ?? [];
    if (value === undefined) return undefined;
    const parsed = parseProxyUrl(value);
    if (typeof parsed === 'string') {
      throw new DingTalkError(`The proxy in ${source} ${parsed}.`, { kind: 'network', problem: { code: 'proxy-unusable', proxy: source, detail: parsed } });
    }
    return serverAt(parsed);
  }
}
