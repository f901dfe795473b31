import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { Logger } from '../../base/logger.js';
import type { OutgoingFile } from '../../chat/outgoing-file.js';
import type { ReplyTarget } from '../../chat/reply-target.js';
import type { SendAttempt, SendReport } from '../../chat/send-report.js';
import { DingTalkError, asDingTalkError, type DingTalkErrorKind } from './errors.js';
import { uploadMedia } from './media-upload.js';
import type { DingTalkRestClient } from './rest-client.js';

export interface FileSenderOptions {
  rest: DingTalkRestClient;
  robotCode: string;
  logger: Logger;
  /** How often an upload or send is tried again when DingTalk failed or limited it; waits double from `retryWaitMs`. */
  retries?: number;
  retryWaitMs?: number;
}

const SendAnswer = z.looseObject({
  invalidStaffIdList: z.array(z.string()).optional(),
  flowControlledStaffIdList: z.array(z.string()).optional(),
});

const MAX_RETRY_WAIT_MS = 30_000;
/** Failures a later try may get past. */
const PASSING: ReadonlySet<DingTalkErrorKind> = new Set(['network', 'server', 'rate-limit', 'timeout']);

/**
 * Sends the agent's pictures and files: uploaded once (a media id never expires, so a retry sends the same upload),
 * then sent by the robot API where the question was asked, the group or the person's chat. DingTalk failing is
 * tried again; a send DingTalk may have taken without saying so is never sent a second time.
 */
export class FileSender {
  readonly #options: FileSenderOptions;
  /** Media ids by the bytes they hold: a file the agent sends again is not uploaded again. */
  readonly #uploaded = new Map<string, string>();

  constructor(options: FileSenderOptions) {
    this.#options = options;
  }

  async send(target: ReplyTarget, file: OutgoingFile, signal?: AbortSignal): Promise<SendReport> {
    const attempts: SendAttempt[] = [];
    const waits = this.#retryWaits();
    for (;;) {
      try {
        const mediaId = await this.#upload(file, signal);
        await this.#sendMessage(target, file, mediaId);
        attempts.push({ chunk: 1, path: 'openapi', ok: true });
        return { ok: true, chunks: 1, delivered: 1, path: 'openapi', attempts };
      } catch (caught) {
        const failure = asDingTalkError(caught, `Sending ${file.name} failed`);
        attempts.push({ chunk: 1, path: 'openapi', ok: false, error: failure.message });
        const sentMaybe = failure.kind === 'timeout' && this.#uploaded.has(uploadKey(file));
        const wait = PASSING.has(failure.kind) && !sentMaybe && !signal?.aborted ? waits.next().value : undefined;
        if (wait === undefined) return failed(failure, attempts, sentMaybe);
        this.#options.logger.warn('DingTalk could not take a file just now; trying again', { waitMs: wait, reason: failure.message });
        await delay(wait, undefined, signal ? { signal } : {}).catch(() => undefined);
      }
    }
  }

  async #upload(file: OutgoingFile, signal: AbortSignal | undefined): Promise<string> {
    const key = uploadKey(file);
    const known = this.#uploaded.get(key);
    if (known) return known;
    const mediaId = await uploadMedia(this.#options.rest, file, signal);
    this.#uploaded.set(key, mediaId);
    return mediaId;
  }

  async #sendMessage(target: ReplyTarget, file: OutgoingFile, mediaId: string): Promise<void> {
    const { rest, robotCode } = this.#options;
    // `photoMediaId` is taken and never shown; the media id goes as the picture's URL.
    const message =
      file.kind === 'image'
        ? { msgKey: 'sampleImageMsg', msgParam: JSON.stringify({ photoURL: mediaId }) }
        : { msgKey: 'sampleFile', msgParam: JSON.stringify({ mediaId, fileName: file.name, fileType: file.fileType }) };
    if (target.conversationType === 'group') {
      await rest.call('/v1.0/robot/groupMessages/send', { robotCode, openConversationId: target.conversationId, ...message }, SendAnswer, { what: `the group send of ${file.name}` });
      return;
    }
    if (!target.staffId) throw new DingTalkError('DingTalk gave no staffId for this person, so no file can be sent to them.', { kind: 'bad-request' });
    const answer = await rest.call('/v1.0/robot/oToMessages/batchSend', { robotCode, userIds: [target.staffId], ...message }, SendAnswer, { what: `the direct send of ${file.name}` });
    if (answer.invalidStaffIdList?.includes(target.staffId)) {
      throw new DingTalkError(`DingTalk does not know the user ${target.staffId} in this organisation.`, { kind: 'bad-request' });
    }
    if (answer.flowControlledStaffIdList?.includes(target.staffId)) {
      throw new DingTalkError('DingTalk is rate-limiting messages to this user; the file will be sent again.', { kind: 'rate-limit' });
    }
  }

  *#retryWaits(): Generator<number | undefined> {
    let wait = this.#options.retryWaitMs ?? 2_000;
    for (let retry = 0; retry < (this.#options.retries ?? 6); retry++) {
      yield wait;
      wait = Math.min(wait * 2, MAX_RETRY_WAIT_MS);
    }
    yield undefined;
  }
}

function uploadKey(file: OutgoingFile): string {
  return `${file.kind}:${file.sha256}`;
}

/**
 * A send that timed out after its upload may have reached the chat: it is reported as not to be tried again, since
 * a file must never arrive twice.
 */
function failed(failure: DingTalkError, attempts: SendAttempt[], sentMaybe: boolean): SendReport {
  return {
    ok: false,
    chunks: 1,
    delivered: 0,
    path: 'openapi',
    attempts,
    error: sentMaybe ? `${failure.message} DingTalk may have shown the file anyway, so it is not sent again.` : failure.message,
    ...(failure.problem ? { problem: failure.problem } : {}),
    retryable: !sentMaybe && PASSING.has(failure.kind),
  };
}
