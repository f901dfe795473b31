import type { ConnectionProblem, ConnectionProblemCode } from '../../chat/connection-problem.js';

export type DingTalkErrorKind =
  | 'auth'
  | 'permission'
  | 'rate-limit'
  | 'webhook-expired'
  | 'too-large'
  | 'invalid-token'
  | 'bad-request'
  | 'server'
  | 'network'
  | 'timeout';

export interface DingTalkErrorDetails {
  kind: DingTalkErrorKind;
  status?: number;
  code?: string;
  /** What DingTalk itself said, kept verbatim because users search for it. */
  dingtalkMessage?: string;
  /** The message as a code, for windows to word in their own language; absent where no window shows it. */
  problem?: ConnectionProblem;
}

/** A failed DingTalk call, with a sentence a person can act on and DingTalk's own words beside it. */
export class DingTalkError extends Error {
  readonly kind: DingTalkErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly dingtalkMessage: string | undefined;
  readonly problem: ConnectionProblem | undefined;

  constructor(message: string, details: DingTalkErrorDetails) {
    super(message);
    this.name = 'DingTalkError';
    this.kind = details.kind;
    this.status = details.status;
    this.code = details.code;
    this.dingtalkMessage = details.dingtalkMessage;
    this.problem = details.problem;
  }
}

/**
 * `error` as a DingTalkError: itself when it is one; else a failure to reach DingTalk, saying what `failed` (as in
 * "Sending failed") when given, with `code` for the window.
 */
export function asDingTalkError(error: unknown, failed?: string, code?: ConnectionProblemCode): DingTalkError {
  if (error instanceof DingTalkError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new DingTalkError(failed ? `${failed}: ${detail}.` : detail, { kind: 'network', ...(code ? { problem: { code, detail } } : {}) });
}

const AUTH_CODES = new Set(['authFailed', 'invalidClientIdOrSecret', 'InvalidClientIdOrSecret']);
const AUTH_ERRCODES = new Set([40089, 40096, 40001]);
const TOKEN_CODES = new Set(['InvalidAuthentication', 'AuthenticationFailed.MissingParameter', 'InvalidAccessToken']);
const TOKEN_ERRCODES = new Set([40014, 42001, 88]);
const RATE_ERRCODES = new Set([660026, 130101, 90002, 90018, 88001]);

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  errcode?: unknown;
  errmsg?: unknown;
  sub_code?: unknown;
  sub_msg?: unknown;
}

const asBody = (body: unknown): ErrorBody => (body && typeof body === 'object' ? (body as ErrorBody) : {});

function quote(dingtalkMessage: string | undefined, code: string | undefined): string {
  const parts = [code, dingtalkMessage].filter((part): part is string => Boolean(part));
  return parts.length ? ` (DingTalk: ${parts.join(': ')})` : '';
}

/**
 * Turns a DingTalk error answer (v1.0 `{code,message}` or legacy `{errcode,errmsg}`) into a DingTalkError
 * whose message says what went wrong and what to do about it.
 */
export function describeDingTalkError(status: number, rawBody: unknown, what: string): DingTalkError {
  const body = asBody(rawBody);
  const code =
    typeof body.code === 'string' ? body.code : typeof body.errcode === 'number' ? String(body.errcode) : undefined;
  const errcode = typeof body.errcode === 'number' ? body.errcode : undefined;
  const dingtalkMessage =
    typeof body.message === 'string'
      ? body.message
      : typeof body.errmsg === 'string'
        ? body.errmsg
        : typeof rawBody === 'string' && rawBody.length > 0
          ? rawBody.slice(0, 200)
          : undefined;
  const said = quote(dingtalkMessage, code);
  const details = (kind: DingTalkErrorKind & ConnectionProblemCode, extra: Partial<ConnectionProblem> = {}): DingTalkErrorDetails => ({
    kind,
    status,
    code,
    dingtalkMessage,
    problem: { code: kind, status, ...(code ? { dingtalkCode: code } : {}), ...(dingtalkMessage ? { dingtalkMessage } : {}), ...extra },
  });

  if ((code && AUTH_CODES.has(code)) || (errcode !== undefined && AUTH_ERRCODES.has(errcode))) {
    return new DingTalkError(
      `DingTalk rejected the AppKey/AppSecret${said}. Copy the Client ID and Client Secret again from the ` +
        'DingTalk developer portal (no spaces around them) and make sure a version of the app has been published.',
      details('auth'),
    );
  }
  // The oapi host says a permission is missing as errcode 88, which otherwise means a bad token, with sub_code 60011.
  const lacksScope = errcode === 88 && body.sub_code === '60011';
  if (code?.startsWith('Forbidden.AccessDenied.AccessTokenPermissionDenied') || code === 'Forbidden.AccessDenied' || lacksScope) {
    const scope = (lacksScope && typeof body.sub_msg === 'string' ? body.sub_msg : dingtalkMessage)?.match(/\[([^\]]+)\]/)?.[1];
    const needs = scope ? `the permission ${scope}` : 'a permission';
    return new DingTalkError(
      `The DingTalk app lacks ${needs}${said}. Add it in the developer portal under Permissions ` +
        '(权限管理), then publish a new version of the app.',
      details('permission', scope ? { permission: scope } : {}),
    );
  }
  if (code?.includes('QpsLimit') || (errcode !== undefined && RATE_ERRCODES.has(errcode)) || status === 429) {
    return new DingTalkError(`DingTalk is rate-limiting this bot${said}; the send will be retried.`, details('rate-limit'));
  }
  if ((code && TOKEN_CODES.has(code)) || (errcode !== undefined && TOKEN_ERRCODES.has(errcode))) {
    return new DingTalkError(`DingTalk did not accept the access token${said}.`, details('invalid-token'));
  }
  if (errcode === 300001) {
    return new DingTalkError(`The conversation's reply webhook has expired${said}.`, details('webhook-expired'));
  }
  if (errcode === 460101 || code === 'invalidParameter.msgParam.tooLong') {
    return new DingTalkError(`The message is too large for DingTalk${said}.`, details('too-large'));
  }
  // The oapi host's "system busy" comes in an HTTP 200.
  if (errcode === -1) return new DingTalkError(`DingTalk was busy during ${what}${said}; will retry.`, details('server'));
  if (status >= 500) {
    return new DingTalkError(`DingTalk had a server error (HTTP ${status}) during ${what}${said}; will retry.`, details('server'));
  }
  return new DingTalkError(`DingTalk refused ${what} (HTTP ${status})${said}.`, details('bad-request'));
}
