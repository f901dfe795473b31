import type { InvokeInput, InvokeOutput } from '../../contract/contract.js';
import { ContractError } from '../../contract/errors.js';
import type { ConfigManager } from '../config/config-manager.js';
import { checkConnection } from '../platform/dingtalk/connection-check.js';
import { EndpointsSchema, type Endpoints } from '../platform/dingtalk/endpoints.js';
import { keepProxyPassword } from '../config/proxy-password.js';

const sameEndpoints = (a: Endpoints, b: Endpoints) => a.api === b.api && a.oapi === b.oapi;

/**
 * "Test connection" with what the form holds. A saved AppSecret is sent only where it was saved to be sent: with
 * other endpoints (typed in the form, or a link that filled them in) the person types the AppSecret again, so a
 * form can never be turned into a way to hand the stored secret to an address nobody saved.
 */
export async function testConnection(config: ConfigManager, input: InvokeInput<'channels.test'>): Promise<InvokeOutput<'channels.test'>> {
  const endpoints = EndpointsSchema.parse(input.endpoints ?? {});
  const saved = input.name ? config.channel(input.name) : undefined;
  const proxy = input.proxy === undefined ? undefined : keepProxyPassword(input.proxy, saved?.dingtalk.proxy);
  if (input.clientSecret) return checkConnection({ clientId: input.clientId, clientSecret: input.clientSecret }, endpoints, proxy);
  const secret = input.name ? config.resolvedSecret(input.name) : undefined;
  if (!saved || !secret) {
    throw new ContractError({ code: 'invalid_input', message: 'Enter the AppSecret (Client Secret) to test.', problems: [{ path: 'clientSecret', code: 'required', message: 'is needed to test the connection' }] });
  }
  if (!sameEndpoints(saved.dingtalk.endpoints, endpoints)) {
    throw new ContractError({
      code: 'invalid_input',
      message: 'Enter the AppSecret again to test other endpoints than the saved ones: the saved AppSecret is sent only to the endpoints saved with it.',
      problems: [{ path: 'clientSecret', code: 'secret_for_other_endpoints', message: 'must be typed again to test other endpoints than the saved ones' }],
    });
  }
  return checkConnection({ clientId: input.clientId, clientSecret: secret }, endpoints, proxy);
}
