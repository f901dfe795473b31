import type { BotSays } from '../agents/bot-says.js';
import type { FileAnswer, FileRequest } from '../agents/file-request.js';
import { FileMarkers } from '../agents/file-markers.js';
import type { ToolNews, TurnReply } from '../agents/turn-reply.js';
import type { TurnFiles } from './turn-files.js';

/**
 * A turn's reply that carries files as well: those the agent asks for, and those it names with `[IMAGE:path]` /
 * `[FILE:path]` in its text, which are taken out of the answer. The answer goes out once every file asked for
 * is sent, so it reads after them.
 */
export class FilesReply implements TurnReply {
  readonly #markers: FileMarkers;

  constructor(
    private readonly inner: TurnReply,
    private readonly files: TurnFiles,
  ) {
    this.#markers = new FileMarkers(({ kind, path }) => void this.file({ asked: path, want: kind, via: 'marker' }));
  }

  begin(): void {
    this.inner.begin();
  }

  say(says: BotSays, kind: 'notice' | 'error' | 'command'): Promise<void> {
    return this.inner.say(says, kind);
  }

  append(text: string): void {
    const shown = this.#markers.push(text);
    if (shown) this.inner.append(shown);
  }

  tool(news: ToolNews): void {
    this.inner.tool(news);
  }

  file(request: FileRequest): Promise<FileAnswer> {
    return this.files.send(request);
  }

  async finish(empty: BotSays): Promise<void> {
    const rest = this.#markers.end();
    if (rest) this.inner.append(rest);
    await this.files.settled();
    return this.inner.finish(empty);
  }

  async abandon(why?: BotSays): Promise<void> {
    this.#markers.end();
    await this.files.settled();
    return this.inner.abandon(why);
  }

  after(earlier: Promise<void>): void {
    this.inner.after(earlier);
    this.files.after(earlier);
  }
}
