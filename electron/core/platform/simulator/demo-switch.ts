import { recordOf } from '../../base/plain-object.js';

/**
 * A channel's settings, as `channels.get` shows them, changed to run the built-in demo agent: what the
 * simulator's "Use the demo agent" button saves. The AppSecret (in the view, only whether one is saved) is left
 * out, which keeps the stored one; the old agent's command, arguments and login go with it.
 */
export function settingsWithDemoAgent(view: Record<string, unknown>): Record<string, unknown> {
  const { dingtalk, ...settings } = view;
  const { clientSecret: _secret, ...section } = recordOf(dingtalk);
  return { ...settings, ...(Object.keys(section).length > 0 ? { dingtalk: section } : {}), agent: { preset: 'demo' } };
}
