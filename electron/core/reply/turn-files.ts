import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BotSays } from '../agents/bot-says.js';
import type { FileAnswer, FileRequest } from '../agents/file-request.js';
import { prepareOutgoingFile, removeScratch } from '../agents/outgoing-file.js';
import type { FileRefusal, FileRules, FileSource, OutgoingFile } from '../chat/outgoing-file.js';
import type { FileDelivery } from './reply-delivery.js';
import { refusalForAgent } from './words/file-words.js';

export interface TurnFilesDeps {
  /** The channel's working folder: the agent sends only what is inside it. */
  cwd: string;
  /** Where zips and pictures the agent sent as data are made; each is removed once it is sent. */
  scratchDir: string;
  /** What the platform takes; none when it sends no files. */
  rules: FileRules | undefined;
  deliver(file: OutgoingFile, via: FileSource): Promise<FileDelivery>;
  /** A request that was not sent, for the log. */
  refused(asked: string, via: FileSource, reason: FileRefusal, detail: string): void;
  /** Tells the person, beside the answer. */
  tell(says: BotSays): Promise<void>;
  /** Sends the words the agent gave with a file, after it. */
  caption(text: string): Promise<void>;
}

const MIME_EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/bmp': 'bmp' };

/**
 * The files of one turn: each request checked and prepared, sent where the question was asked, and the same file
 * sent once however many ways the agent asks for it (the tool, a marker, its content). The person hears of a file
 * that was not sent, and the agent is told why in words it can act on.
 */
export class TurnFiles {
  readonly #deps: TurnFilesDeps;
  readonly #sent = new Map<string, Promise<FileAnswer>>();
  readonly #pending = new Set<Promise<FileAnswer>>();
  #earlier: Promise<void> = Promise.resolve();

  constructor(deps: TurnFilesDeps) {
    this.#deps = deps;
  }

  /** What this turn sends waits for `earlier`: the answer of the turn before, still on its way. */
  after(earlier: Promise<void>): void {
    this.#earlier = earlier;
  }

  /** Never rejects: the agent asks from places that cannot wait for an error (a marker, its content), so any is said. */
  send(request: FileRequest): Promise<FileAnswer> {
    const work = this.#send(request).catch((error: unknown) => this.#refuse(request, 'unreadable', error instanceof Error ? error.message : String(error)));
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
    return work;
  }

  /** Resolves when every file asked for so far is sent, held or refused. */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  async #send(request: FileRequest): Promise<FileAnswer> {
    const { rules, cwd, scratchDir } = this.#deps;
    if (!rules) return this.#refuse(request, 'not-supported', 'the chat platform has no way to send files');
    const written = request.data ? await writePicture(scratchDir, request.data) : undefined;
    const prepared = await prepareOutgoingFile(written?.name ?? request.asked, request.want, { cwd: written?.folder ?? cwd, rules, scratchDir });
    if (!prepared.ok) {
      if (written) await rm(written.folder, { recursive: true, force: true });
      return this.#refuse(request, prepared.reason, prepared.detail);
    }
    const { file } = prepared;
    const key = `${file.kind}:${file.sha256}`;
    const earlier = this.#sent.get(key);
    if (earlier) {
      await removeScratch(file);
      if (written) await rm(written.folder, { recursive: true, force: true });
      const answer = await earlier;
      return answer.ok ? { ok: true, text: `${file.name} was sent already in this reply, so it was not sent again.` } : answer;
    }
    const answer = this.#deliver(file, request, written?.folder);
    this.#sent.set(key, answer);
    return answer;
  }

  async #deliver(file: OutgoingFile, request: FileRequest, writtenFolder: string | undefined): Promise<FileAnswer> {
    await this.#earlier.catch(() => undefined);
    const delivery = await this.#deps.deliver(file, request.via);
    if (delivery.result !== 'held') {
      await removeScratch(file);
      if (writtenFolder) await rm(writtenFolder, { recursive: true, force: true });
    }
    if (delivery.result === 'sent') {
      if (request.caption?.trim()) await this.#deps.caption(request.caption.trim());
      return { ok: true, text: `Sent ${file.name}${file.zipped ? ' (zipped, as DingTalk does not take its type)' : ''} to the conversation.` };
    }
    if (delivery.result === 'held') {
      return { ok: true, text: `DingTalk could not take ${file.name} just now; it is kept and goes to the conversation as soon as DingTalk takes it. Do not send it again.` };
    }
    await this.#deps.tell({ say: 'file-failed', name: file.name, error: delivery.error });
    return { ok: false, text: `DingTalk did not take ${file.name}, so it was not sent: ${delivery.error}` };
  }

  async #refuse(request: FileRequest, reason: FileRefusal, detail: string): Promise<FileAnswer> {
    this.#deps.refused(request.asked, request.via, reason, detail);
    await this.#deps.tell({ say: 'file-refused', asked: request.asked, reason, detail });
    return { ok: false, text: refusalForAgent(request.asked, reason, detail) };
  }
}

/**
 * A picture the agent sent as data, written to a folder of its own under `scratchDir`, so it is checked and sent like
 * any file; the folder goes once it is sent.
 */
async function writePicture(scratchDir: string, { base64, mimeType }: { base64: string; mimeType: string }): Promise<{ folder: string; name: string }> {
  // Named as the scratch folders are, so one a crash leaves is cleaned up with them.
  const folder = join(scratchDir, `outgoing-${randomUUID()}`);
  await mkdir(folder, { recursive: true });
  const name = `picture.${MIME_EXTENSIONS[mimeType] ?? 'bin'}`;
  await writeFile(join(folder, name), Buffer.from(base64, 'base64'));
  return { folder, name };
}
