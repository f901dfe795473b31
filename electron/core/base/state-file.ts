import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/**
 * A state file read back: its contents when they are valid, undefined when there is none yet. A file that
 * cannot be read or does not match `schema` is reported through `unreadable` and also gives undefined:
 * the caller starts fresh rather than not at all.
 */
export async function readStateFile<T>(file: string, schema: z.ZodType<T>, unreadable: (detail: string) => void): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable(String(error));
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    unreadable(parsed.error.issues[0]?.message ?? 'it does not have the expected shape');
  } catch (error) {
    unreadable(String(error));
  }
  return undefined;
}
