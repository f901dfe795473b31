/**
 * Settings Qwen Code's channels have and Dingbridge does not (its `ChannelConfig`, and the DingTalk channel's own
 * fields). A channel copied from a Qwen Code settings.json keeps them, so they are let be rather than called typos;
 * the import leaves them out and lists them.
 */
export const QWEN_CODE_CHANNEL_SETTINGS = [
  'token',
  'approvalMode',
  'identity',
  'memoryScope',
  'webhooks',
  'dmPolicy',
  'groupHistoryLimit',
  'pollInterval',
  'blockStreaming',
  'blockStreamingChunk',
  'blockStreamingCoalesce',
  'aggregateBackgroundAgentResponses',
  'interactiveCards',
  'cardTemplateId',
] as const;

/** The same for one entry of `groups`. */
export const QWEN_CODE_GROUP_SETTINGS = ['groupHistoryLimit'] as const;
