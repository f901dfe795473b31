import { describe, expect, it } from 'vitest';
import { fromSettings, toSettings } from '../../renderer/src/pages/channels/form-state';

const proxyOf = (settings: Record<string, unknown>) => (settings.dingtalk as Record<string, unknown> | undefined)?.proxy;

describe("the channel form's proxy", () => {
  it('keeps the three meanings apart: the environment (left out), none (""), and a proxy URL', () => {
    const environment = fromSettings('team', { dingtalk: { clientId: 'dingabc' } });
    expect({ proxy: environment.proxy, noProxy: environment.noProxy }).toEqual({ proxy: '', noProxy: false });
    expect(proxyOf(toSettings(environment))).toBeUndefined();

    const none = fromSettings('team', { dingtalk: { clientId: 'dingabc', proxy: '' } });
    expect(none.noProxy).toBe(true);
    expect(proxyOf(toSettings(none))).toBe('');

    const set = fromSettings('team', { dingtalk: { clientId: 'dingabc', proxy: 'http://me:***@proxy.corp:3128' } });
    expect(proxyOf(toSettings({ ...set, proxy: ' http://me:***@proxy.corp:3128 ' }))).toBe('http://me:***@proxy.corp:3128');
    expect(proxyOf(toSettings({ ...set, noProxy: true }))).toBe('');
  });

  it('is left out for the simulator, which is on this machine', () => {
    const form = fromSettings('demo', { type: 'simulator', dingtalk: { proxy: 'http://proxy.corp:3128' } });
    expect(proxyOf(toSettings({ ...form, type: 'simulator' }))).toBeUndefined();
  });
});
