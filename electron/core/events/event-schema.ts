import { z } from 'zod';
import { ConversationTypeSchema } from '../chat/conversation-type.js';
import { ConnectionStateSchema } from '../chat/connection-state.js';
import { AccessReasonSchema } from '../access/access-reason.js';
import { AgentProblemSchema } from '../agents/agent-problem.js';
import { ChannelProblemSchema, ChannelStatusSchema } from './channel-status.js';
import { ConnectionProblemSchema } from '../chat/connection-problem.js';
import { PermissionDecisionSchema } from '../chat/permission-decision.js';
import { FileRefusalSchema, FileSourceSchema, OutgoingKindSchema } from '../chat/outgoing-file.js';

const base = {
  /** Time-ordered and unique within a log. */
  id: z.string(),
  at: z.number(),
  channel: z.string(),
};

const conversation = {
  conversationId: z.string(),
  conversationType: ConversationTypeSchema.optional(),
  conversationTitle: z.string().optional(),
};

const sender = {
  /** The staffId as allowlists take it: `corpId/staffId` for someone from another organisation than the bot's. */
  senderStaffId: z.string().optional(),
  senderId: z.string().optional(),
  nick: z.string().optional(),
  /** The sender's organisation, given only when it is not the bot's own. */
  senderCorpId: z.string().optional(),
};

/**
 * Where the message an event belongs to came from, on every event a message causes, so a conversation or
 * sender filter shows its whole story. Absent on events of no one message, and in logs from before it existed.
 */
const context = {
  ...conversation,
  conversationId: z.string().optional(),
  ...sender,
};

/** The messages a turn answers, oldest first; absent in logs from before it was recorded. */
const turnMessages = { msgIds: z.array(z.string()).optional() };

/** What was sent, cut to `REPLY_TEXT_CHARS` and marked with "…" when longer; absent in logs from before it was recorded. */
const replyText = { text: z.string().optional() };
export const REPLY_TEXT_CHARS = 2_000;

/** Why DingTalk did not take a reply: the engine's English, and the code the app words in the user's language. */
const replyError = { error: z.string(), problem: ConnectionProblemSchema.optional() };

/** A file the agent sent, as every file event names it. */
const sentFile = {
  msgId: z.string().optional(),
  name: z.string(),
  fileKind: OutgoingKindSchema,
  bytes: z.number(),
  source: z.string(),
  via: FileSourceSchema,
  zipped: z.boolean().optional(),
};

/** Every step a channel takes, as the live log, the export and the tests see it. */
export const LogEventSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('message.received'),
    ...conversation,
    ...sender,
    msgId: z.string(),
    msgtype: z.string(),
    preview: z.string(),
    mentioned: z.boolean(),
    /** Taken on before a restart and answered after it. */
    resumed: z.boolean().optional(),
  }),
  z.object({ ...base, kind: z.literal('message.skipped'), reason: z.enum(['duplicate', 'malformed']), detail: z.string(), msgId: z.string().optional() }),
  z.object({
    ...base,
    kind: z.literal('access.decision'),
    ...conversation,
    ...sender,
    msgId: z.string(),
    decision: z.enum(['admitted', 'dropped', 'pairing']),
    reason: z.string(),
    /** The reason as a code the app words in the user's language; absent in logs from before it existed. */
    reasonCode: AccessReasonSchema.optional(),
  }),
  z.object({
    ...base,
    kind: z.enum(['pairing.requested', 'pairing.approved', 'pairing.denied', 'pairing.revoked']),
    staffId: z.string(),
    nick: z.string().optional(),
    code: z.string().optional(),
    conversationId: z.string().optional(),
    /** The message that asked, for a request. */
    msgId: z.string().optional(),
    detail: z.string().optional(),
  }),
  z.object({ ...base, kind: z.literal('agent.turn.started'), ...context, sessionKey: z.string(), msgIds: z.array(z.string()) }),
  z.object({ ...base, kind: z.literal('agent.tool'), ...context, ...turnMessages, sessionKey: z.string(), line: z.string() }),
  z.object({
    ...base,
    kind: z.literal('agent.permission.asked'),
    ...context,
    ...turnMessages,
    permissionId: z.string(),
    sessionKey: z.string(),
    title: z.string(),
    detail: z.string().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('agent.permission.answered'),
    ...context,
    ...turnMessages,
    permissionId: z.string(),
    sessionKey: z.string(),
    title: z.string(),
    /** What the tool was let do or refused (a command, a path); absent in logs from before it was recorded. */
    detail: z.string().optional(),
    decision: z.string(),
    /** `remembered`: an exact command approved earlier with "always" ran without asking. */
    by: z.string(),
    /** Who answered in the chat. */
    answerer: z.object({ staffId: z.string(), nick: z.string() }).optional(),
  }),
  /** A command remembered with "always", revoked in the window: from now on it is asked again. */
  /** Someone tapped a button of a permission prompt in the chat: it answered, they may not answer, or it was settled already. */
  z.object({
    ...base,
    kind: z.literal('agent.permission.clicked'),
    ...context,
    ...turnMessages,
    permissionId: z.string(),
    /** The tapper's staffId. */
    by: z.string(),
    decision: PermissionDecisionSchema,
    outcome: z.enum(['answered', 'not-allowed', 'settled']),
  }),
  z.object({ ...base, kind: z.literal('agent.permission.revoked'), approvalId: z.string(), title: z.string(), detail: z.string().optional() }),
  z.object({
    ...base,
    kind: z.literal('agent.turn.finished'),
    ...context,
    sessionKey: z.string(),
    msgIds: z.array(z.string()),
    outcome: z.string(),
    durationMs: z.number(),
    error: z.string().optional(),
    /** The reference the user was given in their apology. */
    ref: z.string().optional(),
  }),
  /** `problem`: the reason as a code the app words in the user's language; absent in logs from before it existed. */
  z.object({ ...base, kind: z.literal('agent.state'), status: z.string(), reason: z.string().optional(), problem: AgentProblemSchema.optional() }),
  z.object({
    ...base,
    kind: z.literal('reply.sent'),
    ...context,
    conversationId: z.string(),
    ...replyText,
    msgId: z.string().optional(),
    replyKind: z.string(),
    path: z.string(),
    chunks: z.number(),
    /** Sends it took, when DingTalk refused or failed some and they were tried again. */
    attempts: z.number().optional(),
    /** How long it waited to be sent, when DingTalk could not take it at first and it was held. */
    heldForMs: z.number().optional(),
    /** The calls of DingTalk's metered Open API it cost; none through the conversation's webhook. */
    apiCalls: z.number().optional(),
  }),
  /** DingTalk refused the reply for rate on every path: it goes out once the limit has passed, in `waitMs`. */
  z.object({ ...base, kind: z.literal('reply.waiting'), ...context, conversationId: z.string(), msgId: z.string().optional(), replyKind: z.string(), waitMs: z.number() }),
  z.object({ ...base, kind: z.literal('reply.held'), ...context, conversationId: z.string(), ...replyText, msgId: z.string().optional(), replyKind: z.string(), ...replyError }),
  z.object({ ...base, kind: z.literal('reply.failed'), ...context, conversationId: z.string(), ...replyText, msgId: z.string().optional(), replyKind: z.string(), ...replyError }),
  /**
   * An AI card could not be made (`create`: the answer went as a message instead, and no card is tried until
   * `pausedUntil`), or not ended as asked (`finish`, `fail`: the answer, or the error, went as a message).
   */
  z.object({
    ...base,
    kind: z.literal('card.failed'),
    ...context,
    conversationId: z.string(),
    msgId: z.string().optional(),
    stage: z.enum(['create', 'finish', 'fail']),
    ...replyError,
    pausedUntil: z.number().optional(),
  }),
  /** Someone clicked a card's stop button: the turn stopped, had ended already, or they may not stop it. */
  z.object({
    ...base,
    kind: z.literal('card.stop'),
    ...context,
    msgId: z.string(),
    /** The clicker's staffId. */
    by: z.string(),
    outcome: z.enum(['stopped', 'not-running', 'not-allowed']),
  }),
  /** A file the agent sent to the chat: `source` is the path taken (links resolved), `via` how the agent asked. */
  z.object({
    ...base,
    kind: z.literal('file.sent'),
    ...context,
    conversationId: z.string(),
    ...sentFile,
    /** Uploads and sends it took, when DingTalk failed some and they were tried again. */
    attempts: z.number().optional(),
    /** How long it waited to be sent, when DingTalk could not take it at first and it was held. */
    heldForMs: z.number().optional(),
  }),
  /** A file the agent asked to send that was not sent: `asked` is the path as the agent gave it. */
  z.object({
    ...base,
    kind: z.literal('file.refused'),
    ...context,
    msgId: z.string().optional(),
    asked: z.string(),
    via: FileSourceSchema,
    reason: FileRefusalSchema,
    /** The limit or type behind the refusal, as the agent was told it. */
    detail: z.string().optional(),
  }),
  z.object({ ...base, kind: z.literal('file.held'), ...context, conversationId: z.string(), ...sentFile, ...replyError }),
  z.object({ ...base, kind: z.literal('file.failed'), ...context, conversationId: z.string(), ...sentFile, ...replyError }),
  z.object({ ...base, kind: z.literal('connection.state'), state: ConnectionStateSchema }),
  z.object({ ...base, kind: z.literal('channel.state'), status: ChannelStatusSchema, reason: z.string().optional(), problem: ChannelProblemSchema.optional() }),
  /** A channel gone from the settings (edited by hand): its state was moved to `folder`, relative to the data folder. */
  z.object({ ...base, kind: z.literal('channel.archived'), folder: z.string() }),
  /**
   * `message` is in English, for `events.jsonl` and exports; an error the engine itself words carries a `reason` the
   * window words in its own language (an agent's or DingTalk's own text is shown as it came).
   */
  z.object({ ...base, kind: z.literal('error'), ...context, msgId: z.string().optional(), message: z.string(), reason: z.enum(['message-failed', 'state-not-set-aside']).optional(), ref: z.string().optional(), detail: z.string().optional() }),
]);

export type LogEvent = z.infer<typeof LogEventSchema>;
export type LogEventKind = LogEvent['kind'];
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as a channel reports it; the log adds its id and time. */
export type NewLogEvent = DistributiveOmit<LogEvent, 'id' | 'at'>;
/** An event as a channel reports it; the channel adds its own name. */
export type ChannelLogEvent = DistributiveOmit<NewLogEvent, 'channel'>;

export const LogQuerySchema = z.object({
  channel: z.string().optional(),
  conversationId: z.string().optional(),
  /** staffId or senderId. */
  sender: z.string().optional(),
  kinds: z.array(z.string()).optional(),
  /** Case-insensitive words anywhere in the event. */
  text: z.string().optional(),
  /** Only events older than this id, for paging back. */
  before: z.string().optional(),
  /**
   * The window's history: a message's conversation and sender come once, on the message itself, and its later
   * events in the same answer leave them out (conversationId stays where it is required), halving what travels.
   */
  contextOnce: z.boolean().optional(),
  limit: z.number().int().positive().max(100_000).default(1_000),
});
export type LogQuery = z.input<typeof LogQuerySchema>;
