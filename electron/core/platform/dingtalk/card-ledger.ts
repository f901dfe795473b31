import { z } from 'zod';
import type { Logger } from '../../base/logger.js';
import { SyncAppendLog } from '../../base/sync-append-log.js';

const OpenCardSchema = z.object({
  outTrackId: z.string(),
  key: z.string(),
  templateId: z.string().optional(),
  openedAt: z.number(),
  /** Its last frame went out: it shows the whole answer, and only its finished status may be missing. */
  finalized: z.boolean().optional(),
});
export type OpenCard = z.infer<typeof OpenCardSchema>;

const Line = z.union([z.object({ open: OpenCardSchema }), z.object({ finalized: z.string() }), z.object({ closed: z.string() })]);
type Line = z.infer<typeof Line>;

/**
 * The AI cards this bot opened and has not ended, on disk before each is created: a card whose app was killed
 * mid-answer is still known at the next start, and ended there, instead of spinning in the chat for ever.
 */
export class CardLedger {
  readonly #open = new Map<string, OpenCard>();
  readonly #log: SyncAppendLog | undefined;

  /** Without a file (a bot that keeps nothing) it only remembers while it runs. */
  constructor(file: string | undefined, logger: Logger) {
    if (!file) return;
    this.#log = new SyncAppendLog(file, (error) =>
      logger.error('Could not note an open AI card; after a crash it may be left unfinished', { file, error: error instanceof Error ? error.message : String(error) }),
    );
    try {
      for (const line of SyncAppendLog.readValid(file, Line)) this.#apply(line);
    } catch (error) {
      logger.error('The open AI cards could not be read; any left from before will not be ended', { file, error: String(error) });
    }
    this.#log.rewrite(this.#lines());
  }

  /** Cards open now: left by the last run until they are ended, then the ones opened since. */
  get cards(): OpenCard[] {
    return [...this.#open.values()];
  }

  opened(card: OpenCard): void {
    this.#change({ open: card });
  }

  finalized(outTrackId: string): void {
    if (this.#open.has(outTrackId)) this.#change({ finalized: outTrackId });
  }

  closed(outTrackId: string): void {
    if (this.#open.has(outTrackId)) this.#change({ closed: outTrackId });
  }

  close(): void {
    this.#log?.close();
  }

  #change(line: Line): void {
    this.#apply(line);
    this.#log?.keep(line, this.#open.size, () => this.#lines(), 50);
  }

  #apply(line: Line): void {
    if ('open' in line) this.#open.set(line.open.outTrackId, line.open);
    else if ('finalized' in line) {
      const card = this.#open.get(line.finalized);
      if (card) card.finalized = true;
    } else this.#open.delete(line.closed);
  }

  #lines(): Line[] {
    return [...this.#open.values()].map((open) => ({ open }));
  }
}
