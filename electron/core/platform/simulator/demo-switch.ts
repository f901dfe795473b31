/**
 * A channel's settings, as `channels.get` shows them, changed to run the built-in demo agent: what the
 * simulator's "Use the demo agent" button saves. The secret is left out, which keeps the stored one; the old
 * agent's command, arguments and login go with it.
 */
export function settingsWithDemoAgent(view: Record<string, unknown>): Record<string, unknown> {
  const { clientSecret: _secret, ...settings } = view;
  return { ...settings, agent: { preset: 'demo' } };
}
