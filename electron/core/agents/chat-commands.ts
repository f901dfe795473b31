/** A slash command the bridge answers itself instead of passing it to the agent. */
export type LocalCommand =
  | { name: 'help' }
  | { name: 'clear' }
  | { name: 'status' }
  | { name: 'cancel' }
  | { name: 'approve' | 'always' | 'deny' };

const ALIASES: Record<string, LocalCommand['name']> = {
  help: 'help',
  clear: 'clear',
  reset: 'clear',
  new: 'clear',
  status: 'status',
  cancel: 'cancel',
  stop: 'cancel',
  approve: 'approve',
  allow: 'approve',
  always: 'always',
  'approve-always': 'always',
  deny: 'deny',
  reject: 'deny',
};

/**
 * Recognises `/name`, `/name@bot` and `／name` (a full-width slash from Chinese keyboards) at the start of a
 * message. Anything else, including unknown slash commands, is for the agent.
 */
export function parseLocalCommand(text: string): LocalCommand | undefined {
  const match = text.trim().match(/^[/／]([a-z][\w-]*)(?:@\S+)?\s*$/i);
  const name = match?.[1] ? ALIASES[match[1].toLowerCase()] : undefined;
  return name ? ({ name } as LocalCommand) : undefined;
}
