/**
 * What the window shares with the engine besides the calls: the settings schema its form checks against before
 * saving, the limits it shows, the defaults it offers. The window reaches the engine's code only through here, so
 * this file is the whole of what it depends on.
 */
export { MAX_PENDING, MAX_PENDING_PER_CONVERSATION } from '../core/access/pairing-limits.js';
export { ChannelConfigSchema, ChannelNameSchema, settingApplies, type ChannelType, type GroupPolicy, type ReplyStyle, type SenderPolicy } from '../core/config/channel-schema.js';
export type { DispatchMode, OutputMode, PermissionMode, SessionScope } from '../core/agents/conversation-settings.js';
export { describeIssues, firstProblem } from '../core/config/config-errors.js';
export { DEFAULT_INSTRUCTIONS, SIMULATOR_CHANNEL_NAME, simulatorChannelSettings } from '../core/config/defaults.js';
export { isKeepSaved, KEEP_SAVED_VALUE } from '../core/config/agent-env-view.js';
export { firstUsablePreset } from '../core/agents/detected-agent.js';
export { permissionCode } from '../core/agents/permission-schema.js';
export { DEFAULT_ENDPOINTS } from '../core/platform/dingtalk/endpoints.js';
export { PUBLIC_CARD_TEMPLATE } from '../core/platform/dingtalk/card-settings.js';
export { GROUP_ID, dmIdFor, type SimulatorEntry } from '../core/platform/simulator/simulator-schema.js';
export { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_LABEL, THUMBNAIL_MAX_CHARS } from '../core/platform/simulator/simulator-limits.js';
export { settingsWithDemoAgent } from '../core/platform/simulator/demo-switch.js';
export { resolveLanguage, type Language } from '../core/base/language.js';
export type { ConversationType } from '../core/chat/conversation-type.js';
export type { ChatLanguage } from '../core/chat/chat-language.js';
