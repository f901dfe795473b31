import { z } from 'zod';
import { ConversationTypeSchema } from '../core/chat/conversation-type.js';
import type { EventName, InvokeName } from './names.js';
import { SimulatedPersonSchema, SimulatorCardClickSchema, SimulatorEntrySchema, SimulatorFilePieceSchema, SimulatorMessageSchema } from '../core/platform/simulator/simulator-schema.js';
import { LogQuerySchema } from '../core/events/event-schema.js';
import { EndpointsSchema } from '../core/platform/dingtalk/endpoints.js';
import { ProxySettingSchema } from '../core/platform/dingtalk/proxy-setting.js';
import { FolderPathSchema } from '../core/config/folder-path.js';
import { PermissionDecisionSchema } from '../core/agents/permission-schema.js';
import {
  AppSettingsPatchSchema,
  AppSettingsSchema,
  AppStatusSchema,
  ApprovedViewSchema,
  ChannelSettingsInputSchema,
  ChannelViewSchema,
  ConnectionCheckSchema,
  DetectedAgentSchema,
  FieldProblemSchema,
  ImportNoteSchema,
  LogEventSchema,
  PairingViewSchema,
  PermissionViewSchema,
  RefusedViewSchema,
  RememberedApprovalViewSchema,
  SendReportViewSchema,
  SessionViewSchema,
} from './views.js';

const none = z.undefined();
const channelName = z.object({ name: z.string().min(1, 'name the channel') });
const ok = z.object({ ok: z.boolean() });

/** Every operation the window can ask for: its input and what comes back. Types are derived from this. */
export const invokeContract = {
  'app.status': { input: none, output: AppStatusSchema },
  'channels.list': { input: none, output: z.array(ChannelViewSchema) },
  'channels.get': { input: channelName, output: ChannelViewSchema },
  'channels.save': {
    input: z.object({
      name: z.string().min(1, 'the channel needs a name'),
      /** The name before a rename. */
      previousName: z.string().optional(),
      settings: ChannelSettingsInputSchema,
    }),
    output: ChannelViewSchema,
  },
  'channels.remove': { input: channelName, output: ok },
  'channels.start': { input: channelName, output: ChannelViewSchema },
  'channels.stop': { input: channelName, output: ChannelViewSchema },
  'channels.test': {
    input: z.object({
      clientId: z.string().trim().min(1, 'the AppKey (Client ID) is needed'),
      /** Leave out to test with the secret already saved for `name`: only with the endpoints saved with it. */
      clientSecret: z.string().trim().min(1).optional(),
      name: z.string().optional(),
      endpoints: EndpointsSchema.partial().optional(),
      /** The form's proxy, `***` for the saved password: that is used only with the saved proxy's user and host. */
      proxy: ProxySettingSchema.optional(),
    }),
    output: ConnectionCheckSchema,
  },
  'channels.send': {
    input: z.object({
      channel: z.string().min(1),
      conversationId: z.string().min(1),
      conversationType: ConversationTypeSchema,
      staffId: z.string().optional(),
      text: z.string().trim().min(1, 'write something to send').max(20_000),
    }),
    output: SendReportViewSchema,
  },
  'channels.import': {
    input: z.object({ source: z.enum(['qwen', 'openpollen']), text: z.string().min(1, 'choose a settings file') }),
    output: z.object({
      channels: z.array(z.object({ name: z.string(), settings: ChannelSettingsInputSchema, problems: z.array(FieldProblemSchema) })),
      notes: z.array(ImportNoteSchema),
    }),
  },
  'agents.detect': { input: none, output: z.array(DetectedAgentSchema) },
  /** Makes a channel's missing working folder (`mkdir -p`); `path` is what was typed, `~` allowed, never relative. */
  'folders.create': {
    input: z.object({ path: FolderPathSchema }),
    output: z.object({ path: z.string(), created: z.boolean() }),
  },
  'sessions.list': { input: z.object({ channel: z.string().optional() }).optional(), output: z.array(SessionViewSchema) },
  'sessions.cancel': { input: z.object({ channel: z.string(), key: z.string() }), output: ok },
  'sessions.clear': { input: z.object({ channel: z.string(), key: z.string() }), output: ok },
  'pairing.list': {
    input: z.object({ channel: z.string().optional() }).optional(),
    output: z.object({ pending: z.array(PairingViewSchema), approved: z.array(ApprovedViewSchema), refused: z.array(RefusedViewSchema) }),
  },
  'pairing.approve': { input: z.object({ channel: z.string(), code: z.string().trim().min(1, 'enter the pairing code') }), output: PairingViewSchema },
  'pairing.deny': { input: z.object({ channel: z.string(), code: z.string().trim().min(1, 'enter the pairing code') }), output: PairingViewSchema },
  'pairing.revoke': { input: z.object({ channel: z.string(), staffId: z.string().min(1) }), output: ApprovedViewSchema },
  'pairing.allow': { input: z.object({ channel: z.string(), staffId: z.string().min(1), nick: z.string() }), output: ApprovedViewSchema },
  /** Clears one person's refused pairing request from the list, or every one of the channel's without `staffId`. */
  'pairing.clearRefused': { input: z.object({ channel: z.string(), staffId: z.string().min(1).optional() }), output: ok },
  'permissions.list': { input: none, output: z.array(PermissionViewSchema) },
  'permissions.answer': {
    /** `via`: where the operator answered, for whoever sees the answer (the chat, the log): the window, or the CLI. */
    input: z.object({ channel: z.string(), id: z.string(), decision: PermissionDecisionSchema, via: z.enum(['app', 'cli']).default('app') }),
    output: ok,
  },
  /** The exact commands each channel's agent runs without asking, remembered from "always" answers. */
  'permissions.remembered': { input: z.object({ channel: z.string().optional() }).optional(), output: z.array(RememberedApprovalViewSchema) },
  'permissions.revoke': { input: z.object({ channel: z.string(), id: z.string().min(1) }), output: RememberedApprovalViewSchema },
  'log.query': { input: LogQuerySchema, output: z.array(LogEventSchema) },
  'log.export': {
    input: LogQuerySchema.extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') }),
    output: z.object({ fileName: z.string(), content: z.string(), count: z.number() }),
  },
  'settings.get': { input: none, output: AppSettingsSchema },
  'settings.set': { input: AppSettingsPatchSchema, output: AppSettingsSchema },
  'simulator.send': { input: SimulatorMessageSchema.extend({ channel: z.string().min(1) }), output: z.object({ id: z.string() }) },
  'simulator.transcript': {
    input: z.object({ channel: z.string().min(1) }),
    output: z.object({ entries: z.array(SimulatorEntrySchema), people: z.array(SimulatedPersonSchema) }),
  },
  /** Taps a button of one of the transcript's cards, as one of the simulated people. */
  'simulator.clickCard': { input: SimulatorCardClickSchema.extend({ channel: z.string().min(1) }), output: z.object({}) },
  /** A piece of a picture or file the bot sent in the simulator, from `offset`. */
  'simulator.file': {
    input: z.object({ channel: z.string().min(1), mediaId: z.string().min(1).max(200), offset: z.number().int().nonnegative().default(0) }),
    output: SimulatorFilePieceSchema,
  },
} as const satisfies Record<InvokeName, { input: z.ZodType; output: z.ZodType }>;

/** Everything the window listens to. */
export const eventContract = {
  'log.appended': LogEventSchema,
  'channel.changed': ChannelViewSchema,
  'pairing.changed': z.object({ channel: z.string() }),
  'permission.requested': PermissionViewSchema,
  'permission.answered': z.object({ channel: z.string(), id: z.string(), decision: z.string(), by: z.string() }),
  'session.changed': z.object({ channel: z.string() }),
  'app.status': AppStatusSchema,
  /** The desktop shell asks the window to show a page (a notification or the tray was clicked). */
  'app.navigate': z.object({ page: z.enum(['channels', 'log', 'approvals', 'sessions', 'settings']) }),
  'simulator.changed': z.object({ channel: z.string() }),
} as const satisfies Record<EventName, z.ZodType>;

export { EVENT_NAMES, INVOKE_NAMES, type EventName, type InvokeName } from './names.js';
export type InvokeInput<N extends InvokeName> = z.input<(typeof invokeContract)[N]['input']>;
export type InvokeOutput<N extends InvokeName> = z.output<(typeof invokeContract)[N]['output']>;
export type EventPayload<N extends EventName> = z.output<(typeof eventContract)[N]>;

