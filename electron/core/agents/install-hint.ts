import { z } from 'zod';

/**
 * How to get an agent onto this computer, as a code with its commands and addresses: the window words the
 * sentence around them in the user's language, and the commands stay as they must be typed.
 */
export const InstallHintSchema = z.discriminatedUnion('code', [
  /** A command to run; `login` when the agent also has to be logged in once with another command. */
  z.object({ code: z.literal('run'), command: z.string(), login: z.string().optional() }),
  /** A program to download from its site, at least at this version. */
  z.object({ code: z.literal('download'), program: z.string(), minVersion: z.string(), url: z.string() }),
  /** The demo agent: nothing to install. */
  z.object({ code: z.literal('built-in') }),
  /** A custom command: only its owner knows where it comes from. */
  z.object({ code: z.literal('check-command') }),
]);
export type InstallHint = z.infer<typeof InstallHintSchema>;

/** A hint in English, for the log, the command line and windows that do not know its code. */
export function installText(hint: InstallHint): string {
  switch (hint.code) {
    case 'run':
      return hint.login ? `${hint.command} (and log in once with \`${hint.login}\`)` : hint.command;
    case 'download':
      return `${hint.program} ${hint.minVersion} or later from ${hint.url}`;
    case 'built-in':
      return 'nothing: it is built in';
    case 'check-command':
      return 'check the command in the channel settings';
  }
}
