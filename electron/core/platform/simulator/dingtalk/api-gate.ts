import type { ServerResponse } from 'node:http';
import { sendApiError } from './http-util.js';
import type { RestContext, RouteRequest } from './rest-context.js';
import type { ResolvedApp } from './types.js';

const WINDOW_MS = 1000;

/**
 * Admitted v1.0 calls per app over the last second. Only admitted calls count, so capacity frees up a second
 * after the calls that used it, whatever a client does while refused.
 */
export class ApiRateLimiter {
  private readonly admitted = new Map<string, number[]>();

  constructor(private readonly qps: number | undefined) {}

  admit(clientId: string, now = Date.now()): boolean {
    if (this.qps === undefined) return true;
    const recent = (this.admitted.get(clientId) ?? []).filter((at) => at > now - WINDOW_MS);
    const allowed = recent.length < this.qps;
    if (allowed) recent.push(now);
    this.admitted.set(clientId, recent);
    return allowed;
  }
}

/**
 * What every v1.0 app API does before its own checks, as the real gateway does: the access-token header, then
 * the app's call rate. Answers the refusal itself and returns the calling app when the call may go on.
 */
export function admitApiCall(ctx: RestContext, req: RouteRequest, res: ServerResponse): ResolvedApp | undefined {
  const token = req.headers['x-acs-dingtalk-access-token'];
  if (!token) {
    sendApiError(res, 400, 'AuthenticationFailed.MissingParameter', '缺少参数：x-acs-dingtalk-access-token');
    return undefined;
  }
  const clientId = ctx.tokens.clientIdOf(token);
  const app = clientId === undefined ? undefined : ctx.appByClientId(clientId);
  if (!app) {
    sendApiError(res, 400, 'InvalidAuthentication', '不合法的access_token');
    return undefined;
  }
  if (!ctx.rateLimiter.admit(app.clientId)) {
    refuseOverRate(res, ctx.options.apiQpsAnswer);
    return undefined;
  }
  return app;
}

function refuseOverRate(res: ServerResponse, status: 403 | 429): void {
  if (status === 429) return sendApiError(res, 429, 'Throttling', 'Request was denied due to flow control.');
  sendApiError(res, 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的请求数超过限流阈值');
}

/** Answers the real server's 403 when the app was not granted `scope`. */
export function hasPermission(app: ResolvedApp, scope: string, res: ServerResponse): boolean {
  if (app.permissions.includes(scope)) return true;
  sendApiError(res, 403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', `应用尚未开通所需的权限：[${scope}]`);
  return false;
}
