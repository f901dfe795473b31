import { z } from 'zod';
import { ChatLanguageSchema } from '../chat/chat-language.js';
import { AgentConfigSchema } from '../agents/agent-config.js';
import {
  AgentTimeoutsSchema,
  DispatchModeSchema,
  OutputModeSchema,
  PermissionModeSchema,
  SessionScopeSchema,
} from '../agents/conversation-settings.js';
import { CHANNEL_DEFAULTS, DEFAULT_INSTRUCTIONS } from './defaults.js';
import { DingTalkSettingsSchema } from './dingtalk-settings.js';
import { GroupSettingsSchema } from './group-settings.js';
import { text } from './setting-text.js';
import { recordOf } from '../base/plain-object.js';

const requiredMessage = (what: string) => `is required for a DingTalk channel: ${what}`;

export const CHANNEL_TYPES = ['dingtalk', 'simulator'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/**
 * The `dingtalk` settings only a real bot reads: the simulator brings its own credentials and hosts, so the form
 * leaves these out for it and the schema does not ask for them.
 */
export const DINGTALK_ONLY_SETTINGS = ['clientId', 'clientSecret', 'robotCode', 'endpoints', 'proxy'] as const;

export const settingApplies = (type: ChannelType, setting: string): boolean =>
  type !== 'simulator' || !(DINGTALK_ONLY_SETTINGS as readonly string[]).includes(setting);

/**
 * A real bot needs its credentials. Checked even when other fields are wrong (`when`), so every problem is
 * reported at once.
 */
const credentialPresent = (field: 'clientId' | 'clientSecret') => (channel: unknown) => {
  const record = recordOf(channel);
  return !settingApplies(record.type === 'simulator' ? 'simulator' : 'dingtalk', field) || recordOf(record.dingtalk)[field] !== undefined;
};

/** Qwen Code writes outputMode as `final_only` / `process_and_result`; both spellings mean the same here. */
const QWEN_OUTPUT_MODES: Record<string, string> = { final_only: 'final', process_and_result: 'progress' };

export const SenderPolicySchema = z.enum(['open', 'allowlist', 'pairing']);
export const GroupPolicySchema = z.enum(['disabled', 'allowlist', 'open']);
/** `markdown`: the answer as a message when it is complete; `card`: an AI card that fills in as the agent writes. */
export const ReplyStyleSchema = z.enum(['markdown', 'card']);
export type ReplyStyle = z.infer<typeof ReplyStyleSchema>;
export type SenderPolicy = z.infer<typeof SenderPolicySchema>;
export type GroupPolicy = z.infer<typeof GroupPolicySchema>;

/**
 * The agent's working folder as written; whether it exists, and is not the home folder or one holding Dingbridge's
 * data, is checked where the disk can be seen (load-config). No default: the home folder, the old one, holds
 * `~/.ssh` and Dingbridge's own secrets, which an agent reads without asking inside its folder.
 */
export const ChannelCwdSchema = text('a folder').optional();

/** A simulator has a folder of its own when none is written (see `workspaceFolder`); a real bot needs one chosen. */
const workingFolderPresent = (channel: unknown) => {
  const record = recordOf(channel);
  return record.type === 'simulator' || record.cwd !== undefined;
};

/**
 * One channel (one bot) as it is written in the config file, its DingTalk settings in their section. A file written
 * before the section existed is read into it first (`parseChannel`, with `inPlatformSection`).
 */
export const ChannelConfigSchema = z
  .object({
    /** `simulator` runs a stand-in DingTalk inside the app, for trying a channel without a bot. */
    type: z.enum(CHANNEL_TYPES).default(CHANNEL_DEFAULTS.type),
    enabled: z.boolean({ error: 'must be true or false' }).default(CHANNEL_DEFAULTS.enabled),
    /** The DingTalk bot's credentials and hosts, and how its replies are written; a simulator uses only `tables`. */
    dingtalk: DingTalkSettingsSchema.prefault({}),
    senderPolicy: SenderPolicySchema.default(CHANNEL_DEFAULTS.senderPolicy),
    allowedUsers: z.array(text('a staffId'), { error: 'must be a list of staffIds' }).default([]),
    /** Who may answer any of the agent's permission requests in the chat, besides the person who caused it. */
    approvers: z.array(text('a staffId'), { error: 'must be a list of staffIds' }).default([]),
    groupPolicy: GroupPolicySchema.default(CHANNEL_DEFAULTS.groupPolicy),
    groups: z.record(z.string(), GroupSettingsSchema, { error: 'must map conversationIds (or "*") to group settings' }).default({}),
    sessionScope: SessionScopeSchema.default(CHANNEL_DEFAULTS.sessionScope),
    dispatchMode: DispatchModeSchema.default(CHANNEL_DEFAULTS.dispatchMode),
    outputMode: z
      .preprocess((value) => (typeof value === 'string' ? (QWEN_OUTPUT_MODES[value] ?? value) : value), OutputModeSchema)
      .default(CHANNEL_DEFAULTS.outputMode),
    replyStyle: ReplyStyleSchema.default(CHANNEL_DEFAULTS.replyStyle),
    cwd: ChannelCwdSchema,
    instructions: z.string({ error: 'must be text' }).default(DEFAULT_INSTRUCTIONS),
    model: text('a model name').optional(),
    agent: AgentConfigSchema.default({ preset: CHANNEL_DEFAULTS.agentPreset, args: [], env: {} }),
    permissions: PermissionModeSchema.default(CHANNEL_DEFAULTS.permissions),
    /** The language of the bot's own words in the chat (pairing, errors, commands); the agent answers as it likes. */
    chatLanguage: ChatLanguageSchema.default(CHANNEL_DEFAULTS.chatLanguage),
    timeouts: AgentTimeoutsSchema.partial().optional(),
  })
  .refine(credentialPresent('clientId'), {
    path: ['dingtalk', 'clientId'],
    message: requiredMessage('the AppKey (Client ID) from the DingTalk developer portal'),
    params: { code: 'required' },
    when: () => true,
  })
  .refine(credentialPresent('clientSecret'), {
    path: ['dingtalk', 'clientSecret'],
    message: requiredMessage('the AppSecret (Client Secret) from the DingTalk developer portal'),
    params: { code: 'required' },
    when: () => true,
  })
  .refine(workingFolderPresent, {
    path: ['cwd'],
    message: 'is required: the project folder the agent works in (not your home folder)',
    params: { code: 'required' },
    when: () => true,
  })
  .transform((channel) => ({ ...channel, dingtalk: { ...channel.dingtalk, robotCode: channel.dingtalk.robotCode ?? channel.dingtalk.clientId } }));

export type ChannelConfig = z.output<typeof ChannelConfigSchema>;

export const ChannelNameSchema = z
  .string()
  .refine((name) => /^[\w\u4e00-\u9fff][\w\u4e00-\u9fff .-]{0,63}$/.test(name), {
    message: 'channel names use letters, digits, spaces, "-", "_" or "." (at most 64)',
    params: { code: 'bad_name' },
  })
  // Names every object already answers to ("constructor", "__proto__") would be mistaken for channels that exist.
  .refine((name) => !(name in Object.prototype), { message: 'is a reserved word; choose another name', params: { code: 'reserved_name' } });

/** The whole config file: channels by name, plus variables for `$NAME` substitution. */
export const ConfigFileSchema = z.object({
  env: z.record(z.string(), z.string(), { error: 'must map variable names to text' }).default({}),
  channels: z.record(ChannelNameSchema, ChannelConfigSchema, { error: 'must map channel names to channel settings' }).default({}),
});

export type ConfigFile = z.output<typeof ConfigFileSchema>;
