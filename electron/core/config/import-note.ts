import { z } from 'zod';

/** What an import could not bring over, or changed on the way; the app words each one in the user's language. */
export const ImportNoteCodeSchema = z.enum([
  'not-json',
  'not-a-json-object',
  'not-an-object',
  'no-channels',
  'no-dingtalk-channel',
  'not-dingtalk',
  'not-text',
  'left-out',
  'group-pairing',
  'bad-group-policy',
  'pairing-added',
]);
export type ImportNoteCode = z.infer<typeof ImportNoteCodeSchema>;

/**
 * One thing about one setting of the file: `message` in English, `code` and `value` (the channel type or
 * policy the file had, or the JSON parser's words) for the window to word it.
 */
export const ImportNoteSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: ImportNoteCodeSchema.optional(),
  value: z.string().optional(),
});
export type ImportNote = z.infer<typeof ImportNoteSchema>;

/** A settings file that cannot be read at all: not JSON, or not a JSON object. */
export class ImportError extends Error {
  constructor(readonly note: ImportNote) {
    super(note.message);
    this.name = 'ImportError';
  }
}
