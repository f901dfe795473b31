import { z } from 'zod';
import { ConversationTypeSchema } from '../../chat/conversation-type.js';
import { AgentProblemSchema } from '../../agents/agent-problem.js';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_LABEL, NAME_MAX_CHARS, TEXT_MAX_CHARS, THUMBNAIL_MAX_CHARS, base64Bytes, base64Chars } from './simulator-limits.js';

/** Who the operator pretends to be in the simulator. */
export const SimulatedPersonSchema = z.object({
  staffId: z.string().max(NAME_MAX_CHARS).trim().min(1, 'give the person a staffId'),
  nick: z.string().max(NAME_MAX_CHARS).trim().min(1, 'give the person a name'),
  /** Another organisation's corpId, to try what someone from outside the bot's organisation gets; the bot's own when left out. */
  corpId: z.string().max(NAME_MAX_CHARS).trim().min(1).optional(),
});

/**
 * A small picture the window made of a picture it sends, so the chat can show it without the engine serving
 * files: only raster types, which an <img> cannot run anything in.
 */
export const ThumbnailSchema = z
  .string()
  .max(THUMBNAIL_MAX_CHARS, 'the thumbnail is too large')
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}$/, 'the thumbnail is not a picture');

const fileTooLarge = `the file is larger than ${ATTACHMENT_MAX_LABEL}, the most the simulator sends`;

export const SimulatorMessageSchema = z.object({
  sender: SimulatedPersonSchema,
  conversation: ConversationTypeSchema,
  text: z.string().max(TEXT_MAX_CHARS),
  /** In the group: whether the message @-mentions the bot. */
  mention: z.boolean().default(true),
  attachment: z
    .object({
      fileName: z.string().min(1).max(NAME_MAX_CHARS),
      mimeType: z.string().min(1).max(NAME_MAX_CHARS),
      dataBase64: z
        .string()
        .max(base64Chars(ATTACHMENT_MAX_BYTES), fileTooLarge)
        .refine((data) => base64Bytes(data) <= ATTACHMENT_MAX_BYTES, fileTooLarge),
      thumbnail: ThumbnailSchema.optional(),
    })
    .optional(),
  /** Reply to an earlier message of the transcript. */
  quoteId: z.string().max(NAME_MAX_CHARS).optional(),
});

/** Why the channel's agent could not take a message at all, for the simulator to explain in the chat. */
export const SimulatorNoticeSchema = z.object({
  problem: z.enum(['needs-login', 'cannot-start']),
  agent: z.string(),
  reason: z.string(),
  /** The reason as a code the app words in the user's language, when it has one. */
  agentProblem: AgentProblemSchema.optional(),
  /** The command that logs the agent in, when known. */
  login: z.string().optional(),
});

/** What a simulator notice offers to do with one click: switch the channel to the built-in demo agent. */
export const SIMULATOR_ACTIONS = ['use-demo-agent'] as const;

/** An AI card the bot answers in, as it stands now: DingTalk updates it in place while the answer streams. */
export const SimulatorCardSchema = z.object({
  /** The card's outTrackId. */
  id: z.string(),
  state: z.enum(['streaming', 'finished', 'failed']),
  /** What the card offers to click; a card that has ended offers nothing. */
  buttons: z.array(z.object({ id: z.string(), text: z.string() })),
});

/** The operator taps a card's button as one of the simulated people, as DingTalk would deliver it to the bot. */
export const SimulatorCardClickSchema = z.object({
  card: z.string().min(1).max(NAME_MAX_CHARS),
  action: z.string().min(1).max(NAME_MAX_CHARS),
  as: SimulatedPersonSchema.pick({ staffId: true }),
});

/** A picture or file the bot sent, as the chat shows it: its bytes are read from the stand-in with `simulator.file`. */
export const SimulatorSentFileSchema = z.object({
  /** The media id DingTalk gave the upload. */
  mediaId: z.string(),
  name: z.string(),
  kind: z.enum(['image', 'file']),
  bytes: z.number().int().nonnegative(),
  mimeType: z.string(),
  /**
   * False where DingTalk would take the message and show nothing: a picture sent by `photoMediaId` rather than
   * `photoURL`.
   */
  shown: z.boolean(),
});

/** One piece of a sent file's bytes: the window reads a file a piece at a time, so no message grows with the file. */
export const SimulatorFilePieceSchema = z.object({
  name: z.string(),
  mimeType: z.string(),
  /** The whole file's size. */
  bytes: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  dataBase64: z.string(),
});
export const SIMULATOR_FILE_PIECE_BYTES = 1024 * 1024;

export const SimulatorEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  /** `simulator`: the simulator's own word to the operator, which DingTalk would not show. */
  from: z.enum(['person', 'bot', 'simulator']),
  conversation: ConversationTypeSchema,
  conversationId: z.string(),
  text: z.string(),
  sender: SimulatedPersonSchema.optional(),
  mention: z.boolean().optional(),
  attachment: z.object({ fileName: z.string(), kind: z.enum(['image', 'file']), thumbnail: ThumbnailSchema.optional() }).optional(),
  quote: z.string().optional(),
  /** The 👀 the bot put on the person's message while working, until it recalls it. */
  reaction: z.string().optional(),
  /** How a bot message arrived: `webhook` (the session webhook), `batchSend`/`groupSend` (the Open API), or `card`. */
  via: z.string().optional(),
  /**
   * The buttons of a bot's ActionCard: in DingTalk each sends `sends` into the conversation as the person who taps
   * it, so the simulator sends it as the person the operator is.
   */
  actionButtons: z.array(z.object({ text: z.string(), sends: z.string() })).optional(),
  /** The picture or file a bot entry is. */
  sentFile: SimulatorSentFileSchema.optional(),
  /** The AI card a bot entry is, whose `text` is what the card shows now. */
  card: SimulatorCardSchema.optional(),
  notice: SimulatorNoticeSchema.optional(),
  action: z.enum(SIMULATOR_ACTIONS).optional(),
});

export type SimulatorMessage = z.input<typeof SimulatorMessageSchema>;
export type SimulatorEntry = z.infer<typeof SimulatorEntrySchema>;
export type SimulatorCard = z.infer<typeof SimulatorCardSchema>;
export type SimulatorSentFile = z.infer<typeof SimulatorSentFileSchema>;
export type SimulatorFilePiece = z.infer<typeof SimulatorFilePieceSchema>;
export type SimulatorCardClick = z.infer<typeof SimulatorCardClickSchema>;

/** The simulator's own words under an agent's error: what is wrong, and the way on. */
export type AgentNotice = Pick<SimulatorEntry, 'conversationId' | 'text' | 'notice' | 'action'>;
export type SimulatorNotice = z.infer<typeof SimulatorNoticeSchema>;

/** The simulator's one group, and each person's direct message with the bot. */
export const GROUP_ID = 'cidSimulatedGroup';
export const GROUP_TITLE = 'Dingbridge 测试群';
export const dmIdFor = (staffId: string): string => `cidSimulatedDm-${staffId}`;
