import { z } from 'zod';
import { ConnectionStateSchema } from '../core/chat/connection-state.js';
import { ConnectionProblemSchema } from '../core/chat/connection-problem.js';
import { LogEventSchema, LogQuerySchema } from '../core/events/event-schema.js';
import { ApprovedSchema, PendingSchema, RefusedSchema } from '../core/access/pairing-schema.js';
import { SessionInfoSchema } from '../core/agents/session-schema.js';
import { PendingPermissionSchema, RememberedApprovalSchema } from '../core/agents/permission-schema.js';
import { DetectedAgentSchema } from '../core/agents/detected-agent.js';
import { AgentEnvValueViewSchema } from '../core/config/agent-env-view.js';
import { ChannelProblemSchema, ChannelStatusSchema } from '../core/events/channel-status.js';
import { AgentStateSchema } from '../core/agents/agent-state.js';
import { CHANNEL_TYPES } from '../core/config/channel-schema.js';
import { ImportNoteSchema } from '../core/config/import-note.js';
import { AppSettingsPatchSchema, AppSettingsSchema } from '../core/config/app-settings.js';

/**
 * What is wrong with one field, for inline form errors. `message` is the engine's English; a window words a
 * `code` it knows in its own language (and shows `message` for one it does not), with `value` (a folder as the
 * engine resolved it) where the words need it.
 */
export const FieldProblemSchema = z.object({ path: z.string(), message: z.string(), code: z.string().optional(), value: z.string().optional() });

/** A secret as the window may see it after saving: whether one is set, and its last four characters. */
export const SecretViewSchema = z.object({ hasSecret: z.boolean(), last4: z.string().max(4).optional() });

/**
 * A channel's settings as the form edits them. `clientSecret` is write-only: send it to change it, leave it
 * out to keep the stored one. So are the values of `agent.env`: send a value to change one, `{ "hasSecret": true }`
 * (as the view shows it) to keep it, and leave the variable out to remove it.
 */
export const ChannelSettingsInputSchema = z.record(z.string(), z.unknown());

/** `agent.env` as the window sees it: each variable's name, and whether it has a value; never the value. */
export const AgentEnvViewSchema = z.record(z.string(), AgentEnvValueViewSchema);

export const ChannelSettingsViewSchema = z
  .record(z.string(), z.unknown())
  .and(
    z.object({
      /** The DingTalk section as written, its AppSecret replaced by whether it is set. */
      dingtalk: z.looseObject({ clientSecret: SecretViewSchema }),
      agent: z.looseObject({ env: AgentEnvViewSchema.optional() }).optional(),
    }),
  );

export const ChannelViewSchema = z.object({
  name: z.string(),
  enabled: z.boolean(),
  status: ChannelStatusSchema,
  reason: z.string().optional(),
  /** The reason as a code the window words in its language; `problems` are those of the settings, by field. */
  problem: ChannelProblemSchema.optional(),
  connection: ConnectionStateSchema,
  agent: AgentStateSchema,
  problems: z.array(FieldProblemSchema).optional(),
  /** Keys in the channel's settings that no setting has, so they do nothing; `value` is the setting most likely meant. */
  unknownSettings: z.array(FieldProblemSchema).optional(),
  /** Replies DingTalk did not take yet, held to be tried again. */
  heldReplies: z.number().int().nonnegative().optional(),
  /** Set to answer in AI cards, the channel answers in messages until `until`, because a card could not be made. */
  cardsPaused: z.object({ until: z.number(), reason: z.string(), problem: ConnectionProblemSchema.optional() }).optional(),
  /** The calls the bot's DingTalk app made to the metered Open API, today and this month (China's calendar). */
  apiCalls: z.object({ today: z.number().int().nonnegative(), thisMonth: z.number().int().nonnegative() }).optional(),
  /** The channel type, working folder and agent preset, for the list. */
  type: z.enum(CHANNEL_TYPES).optional(),
  cwd: z.string().optional(),
  preset: z.string().optional(),
  settings: ChannelSettingsViewSchema.optional(),
});

export const ConnectionCheckSchema = z.object({
  ok: z.boolean(),
  steps: z.array(z.object({ step: z.enum(['credentials', 'stream']), ok: z.boolean(), message: z.string(), problem: ConnectionProblemSchema.optional() })),
});

export const SessionViewSchema = SessionInfoSchema.extend({ channel: z.string() });

export const PairingViewSchema = PendingSchema.omit({ codeSentAt: true, message: true }).extend({ channel: z.string() });

export const ApprovedViewSchema = ApprovedSchema.extend({ channel: z.string() });

/** Someone whose pairing request a limit refused: the operator lets them in (`pairing.allow`) or clears them. */
export const RefusedViewSchema = RefusedSchema.extend({ channel: z.string() });

export const PermissionViewSchema = PendingPermissionSchema.extend({ channel: z.string() });

/** An exact command remembered with "always"; its fingerprint stays in the engine. */
export const RememberedApprovalViewSchema = RememberedApprovalSchema.omit({ fingerprint: true }).extend({ channel: z.string() });

export const SendReportViewSchema = z.object({
  ok: z.boolean(),
  chunks: z.number(),
  delivered: z.number(),
  path: z.enum(['webhook', 'openapi', 'mixed', 'none']),
  /** Why it was not sent: in English, and as a code the window words. */
  error: z.string().optional(),
  problem: ConnectionProblemSchema.optional(),
});

export const AppStatusSchema = z.object({
  /** How AppSecrets are protected at rest: an OS keyring, Linux's fixed-key fallback, or a 0600 file. */
  secretStorage: z.enum(['keyring', 'basic_text', 'file']),
  logWrite: z.object({ ok: z.boolean(), error: z.string().optional() }),
  mode: z.enum(['desktop', 'headless']),
  version: z.string(),
});

export { AppSettingsPatchSchema, AppSettingsSchema, DetectedAgentSchema, ImportNoteSchema, LogEventSchema, LogQuerySchema };
