import { z } from 'zod';

/**
 * What a message from the bot is: `answer` is the turn's result; `progress`, `notice` and `error` are said beside
 * it; `command` is the bot's own answer to a chat command (`/help`, `/status`), in place of an agent's turn.
 */
export const ReplyKindSchema = z.enum(['answer', 'progress', 'notice', 'error', 'command']);
export type ReplyKind = z.infer<typeof ReplyKindSchema>;

/** Where a reply's messages go: resolves once the platform has the message, or holds it to send later. */
export type ReplySink = (text: string, kind: ReplyKind) => Promise<void>;
