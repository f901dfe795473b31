/**
 * Every default of a channel, in one place. Names and values follow Qwen Code's channels where it has them,
 * so a settings.json brought over behaves the same; the rest are ours.
 */
export const CHANNEL_DEFAULTS = {
  type: 'dingtalk',
  enabled: true,
  /** Qwen Code's default: only the staffIds in allowedUsers may talk. */
  senderPolicy: 'allowlist',
  allowedUsers: [] as string[],
  /** Qwen Code's default: the bot ignores groups until allowed. */
  groupPolicy: 'disabled',
  requireMention: true,
  sessionScope: 'user',
  /** Qwen Code's documented default: a new message stops the running turn and is answered instead. */
  dispatchMode: 'steer',
  outputMode: 'final',
  permissions: 'ask',
  tables: 'text',
  /** One markdown message at the end, as before cards: a card costs API calls and needs two more permissions. */
  replyStyle: 'markdown',
  /** Chinese and English in every message, until the operator picks one. */
  chatLanguage: 'both',
  agentPreset: 'qwen',
} as const;

/** What a new channel tells its agent, so answers render in DingTalk (which has no tables). */
export const DEFAULT_INSTRUCTIONS = [
  'You are answering in DingTalk (钉钉). Write DingTalk markdown only: headings, **bold**, *italic*, links,',
  'lists, quotes, inline code and fenced code blocks. Never use tables or HTML; write a list instead.',
  'Keep answers short enough to read on a phone.',
].join(' ');

/**
 * The channel "Try it now" creates (and a first headless start): the built-in simulator with the given agent.
 * Zhang San is allowed; anyone else goes through pairing; in the group the bot answers when @-mentioned. No `cwd`:
 * it works in a folder of its own in the data folder, so trying Dingbridge needs no project and risks none.
 */
export function simulatorChannelSettings(agentPreset: string): Record<string, unknown> {
  return {
    type: 'simulator',
    senderPolicy: 'pairing',
    allowedUsers: ['zhangsan'],
    groupPolicy: 'open',
    groups: { '*': { requireMention: true } },
    dispatchMode: 'collect',
    permissions: 'ask',
    agent: { preset: agentPreset },
  };
}

export const SIMULATOR_CHANNEL_NAME = 'simulator';
