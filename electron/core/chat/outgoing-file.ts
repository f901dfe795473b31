import { z } from 'zod';

/** How a chat shows a file the bot sends: as a picture in the conversation, or as a file to download. */
export const OutgoingKindSchema = z.enum(['image', 'file']);
export type OutgoingKind = z.infer<typeof OutgoingKindSchema>;

/** How the agent handed over the file: the Dingbridge MCP tool, a `[FILE:path]` marker in its text, or ACP content. */
export const FileSourceSchema = z.enum(['tool', 'marker', 'content']);
export type FileSource = z.infer<typeof FileSourceSchema>;

/** What the platform shows of each kind, and the most it takes of each. */
export interface FileRules {
  /** Extensions (lower case, no dot) the platform shows as a picture. */
  images: readonly string[];
  /** Extensions it takes as a file; anything else goes zipped. */
  files: readonly string[];
  maxBytes: Record<OutgoingKind, number>;
}

/**
 * A file ready to go to the chat: checked to be inside the channel's folder and within the platform's limits, zipped
 * when the platform would not take it as it is.
 */
export const OutgoingFileSchema = z.object({
  /** The file to upload: the agent's own, or the zip made of it. */
  path: z.string(),
  /** The name the person sees. */
  name: z.string(),
  kind: OutgoingKindSchema,
  /** The platform's file type: the sent file's extension, lower case, without the dot. */
  fileType: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  /** The agent's file, with every link resolved: the path the log shows as taken. */
  source: z.string(),
  /** It went zipped, the platform not taking its type. */
  zipped: z.boolean(),
});
export type OutgoingFile = z.infer<typeof OutgoingFileSchema>;

/** Why a file the agent asked to send was not sent, as a code each side words itself. */
export const FileRefusalSchema = z.enum(['not-found', 'outside-folder', 'not-a-file', 'too-large', 'not-an-image', 'unreadable', 'no-conversation', 'not-supported']);
export type FileRefusal = z.infer<typeof FileRefusalSchema>;
