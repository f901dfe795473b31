// Preloaded (`node --import`) into a program whose DingTalk hosts are written into its code, such as Qwen Code's
// own channel: its calls to api.dingtalk.com and oapi.dingtalk.com go to the fake DingTalk named in
// DINGTALK_FAKE_API / DINGTALK_FAKE_OAPI instead, over plain HTTP. Everything else is left alone.
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';

const fakes = new Map(
  [
    ['api.dingtalk.com', process.env.DINGTALK_FAKE_API],
    ['oapi.dingtalk.com', process.env.DINGTALK_FAKE_OAPI],
  ]
    .filter(([, url]) => url)
    .map(([host, url]) => [host, new URL(url)]),
);

/** The fake's URL for a DingTalk URL, or undefined for any other. */
function redirected(url) {
  const fake = fakes.get(url.hostname);
  return fake ? new URL(`${url.pathname}${url.search}`, fake) : undefined;
}

// http(s).request and .get take (url, options?, callback?) or (options, callback?).
for (const method of ['request', 'get']) {
  const original = https[method];
  https[method] = function (first, second, third) {
    const fromUrl = typeof first === 'string' || first instanceof URL;
    const options = fromUrl ? (typeof second === 'object' && second !== null ? second : {}) : (first ?? {});
    const callback = [first, second, third].find((argument) => typeof argument === 'function');
    const url = fromUrl ? new URL(first) : new URL(`https://${options.hostname ?? String(options.host ?? '').replace(/:\d+$/, '')}${options.path ?? '/'}`);
    const target = redirected(url);
    if (!target) return original.apply(this, arguments);
    const { agent: _agent, host: _host, hostname: _hostname, port: _port, protocol: _protocol, servername: _servername, path: _path, ...rest } = options;
    return http[method]({ ...rest, protocol: 'http:', hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}` }, callback);
  };
}

const originalFetch = globalThis.fetch;
if (originalFetch) {
  globalThis.fetch = function (input, init) {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const target = redirected(url);
    if (!target) return originalFetch(input, init);
    return originalFetch(input instanceof Request ? new Request(target, input) : target, init);
  };
}

syncBuiltinESMExports();
