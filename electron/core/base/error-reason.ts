import { z } from 'zod';

/**
 * Why the engine refused or could not do what was asked, as a code with the values its words need: the window
 * words it in the user's language, while the log and the command line keep the English of `errorReasonText`.
 */
export const ErrorReasonSchema = z.discriminatedUnion('code', [
  /** `known` lists the channels there are, for the command line. */
  z.object({ code: z.literal('no-channel'), channel: z.string(), known: z.array(z.string()).optional() }),
  z.object({ code: z.literal('not-a-simulator'), channel: z.string() }),
  z.object({ code: z.literal('channel-not-running'), channel: z.string() }),
  z.object({ code: z.literal('channel-not-started'), channel: z.string() }),
  z.object({ code: z.literal('no-pairing-request'), pairingCode: z.string() }),
  z.object({ code: z.literal('not-approved'), staffId: z.string() }),
  z.object({ code: z.literal('approval-gone') }),
  z.object({ code: z.literal('start-at-login-headless') }),
  z.object({ code: z.literal('keyring-locked') }),
]);
export type ErrorReason = z.infer<typeof ErrorReasonSchema>;

/** A reason in English, as the log, the command line and windows that do not know its code show it. */
export function errorReasonText(reason: ErrorReason): string {
  switch (reason.code) {
    case 'no-channel':
      return `There is no channel "${reason.channel}".${reason.known?.length ? ` Channels: ${reason.known.join(', ')}.` : ''}`;
    case 'not-a-simulator':
      return `The channel "${reason.channel}" is not a running simulator.`;
    case 'channel-not-running':
      return `The channel ${reason.channel} is not running.`;
    case 'channel-not-started':
      return `The channel ${reason.channel} has not been started.`;
    case 'no-pairing-request':
      return `No pending pairing request has the code "${reason.pairingCode}" (it may have expired after an hour).`;
    case 'not-approved':
      return `${reason.staffId} is not an approved user of this bot.`;
    case 'approval-gone':
      return 'This approval is no longer remembered.';
    case 'start-at-login-headless':
      return 'Start at login belongs to the desktop app; a headless daemon is started by your service manager.';
    case 'keyring-locked':
      return 'The system keyring is locked or refused access, so the AppSecret was not saved. Unlock the keyring and save again.';
  }
}

/** An error a person can act on: its message is the reason's English, and it carries the reason for the window. */
export class ReasonedError extends Error {
  constructor(readonly reason: ErrorReason) {
    super(errorReasonText(reason));
    this.name = new.target.name;
  }
}
