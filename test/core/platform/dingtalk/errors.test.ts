import { describe, expect, it } from 'vitest';
import { describeDingTalkError } from '../../../../electron/core/platform/dingtalk/errors.js';

describe('describeDingTalkError', () => {
  it('explains wrong credentials in every shape DingTalk uses, quoting DingTalk', () => {
    const gateway = describeDingTalkError(401, { requestid: 'R', code: 'authFailed', message: '鉴权失败' }, 'x');
    expect(gateway.kind).toBe('auth');
    expect(gateway.message).toContain('AppKey/AppSecret');
    expect(gateway.message).toContain('鉴权失败');
    expect(describeDingTalkError(400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' }, 'x').kind).toBe('auth');
    expect(describeDingTalkError(200, { errcode: 40096, errmsg: '不合法的appKey或appSecret' }, 'x').message).toContain('不合法的appKey或appSecret');
  });

  it('names the missing permission and where to add it', () => {
    const error = describeDingTalkError(
      403,
      { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: '应用尚未开通所需的权限：[qyapi_robot_sendmsg]' },
      'the direct message send',
    );
    expect(error.kind).toBe('permission');
    expect(error.message).toMatch(/lacks the permission qyapi_robot_sendmsg/);
    expect(error.message).toMatch(/developer portal/);
  });

  it('gives each answer a code and the values to word it with, DingTalk’s own words as they came', () => {
    expect(describeDingTalkError(200, { errcode: 40096, errmsg: '不合法的appKey或appSecret' }, 'x').problem).toEqual({
      code: 'auth',
      status: 200,
      dingtalkCode: '40096',
      dingtalkMessage: '不合法的appKey或appSecret',
    });
    const permission = describeDingTalkError(403, { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: '应用尚未开通所需的权限：[qyapi_robot_sendmsg]' }, 'x');
    expect(permission.problem).toMatchObject({ code: 'permission', permission: 'qyapi_robot_sendmsg', dingtalkMessage: '应用尚未开通所需的权限：[qyapi_robot_sendmsg]' });
    expect(describeDingTalkError(502, undefined, 'x').problem).toEqual({ code: 'server', status: 502 });
  });

  it('recognises rate limits, expired webhooks, oversize messages and bad tokens', () => {
    expect(describeDingTalkError(403, { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'x' }, 'x').kind).toBe('rate-limit');
    expect(describeDingTalkError(200, { errcode: 660026, errmsg: 'sending too many messages per minute' }, 'x').kind).toBe('rate-limit');
    expect(describeDingTalkError(200, { errcode: 300001, errmsg: 'session 不存在' }, 'x').kind).toBe('webhook-expired');
    expect(describeDingTalkError(200, { errcode: 460101, errmsg: 'message too long' }, 'x').kind).toBe('too-large');
    expect(describeDingTalkError(400, { code: 'InvalidAuthentication', message: '不合法的access_token' }, 'x').kind).toBe('invalid-token');
  });

  it('says which call failed on a server error, and keeps HTML pages short', () => {
    const error = describeDingTalkError(503, '<html>' + 'x'.repeat(5000), 'the stream connection request');
    expect(error.kind).toBe('server');
    expect(error.message).toContain('the stream connection request');
    expect(error.message.length).toBeLessThan(400);
  });
});
