/**
 * A channel's settings, as `channels.get` shows them, changed to run the built-in demo agent: what the
 * simulator's "Use the demo agent" button saves. The AppSecret (in the view, only whether one is saved) is left
 * out, which keeps the stored one; the old agent's command, arguments and login go with it.
 */
export function settingsWithDemoAgent(view: Record<string, unknown>): Record<string, unknown> {
  const { dingtalk, ...settings } = view;
  const { clientSecret: _secret, ...section } = dingtalk && typeof dingtalk === 'object' ? (dingtalk as Record<string, unknown>) : {};
  return { ...settings, ...(Object.keys(section).length > 0 ? { dingtalk: section } : {}), agent: { preset: 'demo' } };
}
