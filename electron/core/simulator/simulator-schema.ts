import { z } from 'zod';

/** Who the operator pretends to be in the simulator. */
export const SimulatedPersonSchema = z.object({
  staffId: z.string().trim().min(1, 'give the person a staffId'),
  nick: z.string().trim().min(1, 'give the person a name'),
});

export const SimulatorMessageSchema = z.object({
  sender: SimulatedPersonSchema,
  conversation: z.enum(['dm', 'group']),
  text: z.string().max(1_000_000),
  /** In the group: whether the message @-mentions the bot. */
  mention: z.boolean().default(true),
  attachment: z
    .object({ fileName: z.string().min(1), mimeType: z.string().min(1), dataBase64: z.string().max(14_000_000, 'the file is larger than 10 MB') })
    .optional(),
  /** Reply to an earlier message of the transcript. */
  quoteId: z.string().optional(),
});

export const SimulatorEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  from: z.enum(['person', 'bot']),
  conversation: z.enum(['dm', 'group']),
  conversationId: z.string(),
  text: z.string(),
  sender: SimulatedPersonSchema.optional(),
  mention: z.boolean().optional(),
  attachment: z.object({ fileName: z.string(), kind: z.enum(['image', 'file']) }).optional(),
  quote: z.string().optional(),
  /** The 👀 the bot put on the person's message while working, until it recalls it. */
  reaction: z.string().optional(),
  /** How a bot message arrived: the session webhook or the Open API. */
  via: z.string().optional(),
});

export type SimulatorMessage = z.input<typeof SimulatorMessageSchema>;
export type SimulatorEntry = z.infer<typeof SimulatorEntrySchema>;

/** The simulator's one group, and each person's direct message with the bot. */
export const GROUP_ID = 'cidSimulatedGroup';
export const GROUP_TITLE = 'Dingbridge 测试群';
export const dmIdFor = (staffId: string): string => `cidSimulatedDm-${staffId}`;
