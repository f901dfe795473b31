import { randomUUID } from 'node:crypto';
import type { Logger } from '../../base/logger.js';
import type { ReplyTarget } from '../../chat/reply-target.js';
import type { LiveRefusal, LiveReply } from '../live-reply.js';
import { AiCard, persist } from './ai-card.js';
import { FLOW_STATUS, cardSpaceOf, createAndDeliver, streamFrame, updateCard } from './card-api.js';
import type { CardLedger, OpenCard } from './card-ledger.js';
import { PUBLIC_CARD_TEMPLATE, type CardSettings } from './card-settings.js';
import { stopButtonParams } from './card-click.js';
import { DingTalkError } from './errors.js';
import type { DingTalkRestClient } from './rest-client.js';
import type { TableMode } from './markdown-tables.js';

export interface AiCardsOptions {
  rest: DingTalkRestClient;
  robotCode: string;
  settings: CardSettings;
  /** How tables in an answer are drawn, as for its messages. */
  tables?: TableMode;
  ledger: CardLedger;
  /** Put under the text of a card the app stopped (or crashed) before it was complete. */
  interruptedNote: string;
  /** The words on the stop button, which the public template draws. */
  stopLabel: string;
  logger: Logger;
}

/**
 * A bot's AI cards: each one opened is in the ledger until it is ended, and the ones a stop or a crash left open
 * are ended with a note rather than left spinning.
 */
export class AiCards {
  readonly #options: AiCardsOptions;
  /** The cards streaming now, and the message each answers. */
  readonly #live = new Map<string, { card: AiCard; msgId: string }>();

  constructor(options: AiCardsOptions) {
    this.#options = options;
  }

  /** A card answering the message `msgId` in `target`'s conversation, or why there is none. */
  async open(target: ReplyTarget, msgId: string): Promise<LiveReply | LiveRefusal> {
    const { rest, robotCode, settings, ledger, logger, stopLabel } = this.#options;
    const publicTemplate = settings.templateId === PUBLIC_CARD_TEMPLATE;
    const space = cardSpaceOf(target);
    if (!space) return { refused: 'DingTalk gave no staffId for this person, and a card reaches a direct chat only by it.' };
    const outTrackId = `dingbridge-${randomUUID()}`;
    // Noted before it exists: a crash during the call leaves a note to clear, never a card nobody knows of.
    ledger.opened({ outTrackId, key: settings.contentKey, openedAt: Date.now() });
    try {
      const params = { [settings.contentKey]: '', flowStatus: FLOW_STATUS.processing, ...(publicTemplate ? stopButtonParams(stopLabel) : {}) };
      await createAndDeliver(rest, { robotCode, templateId: settings.templateId, outTrackId, space, params });
    } catch (error) {
      ledger.closed(outTrackId);
      const failure = error instanceof DingTalkError ? error : new DingTalkError(String(error), { kind: 'network' });
      return { refused: failure.message, ...(failure.problem ? { problem: failure.problem } : {}) };
    }
    const card = new AiCard({
      rest,
      outTrackId,
      key: settings.contentKey,
      intervalMs: settings.intervalMs,
      tables: this.#options.tables ?? 'text',
      // An ended card's stop button would stop nothing.
      endParams: publicTemplate ? stopButtonParams(undefined) : {},
      logger,
      ended: () => {
        ledger.closed(outTrackId);
        this.#live.delete(outTrackId);
      },
    });
    this.#live.set(outTrackId, { card, msgId });
    return card;
  }

  /** The message the card `outTrackId` answers, while it streams. */
  answering(outTrackId: string): string | undefined {
    return this.#live.get(outTrackId)?.msgId;
  }

  /** Ends every card still open, with the note; the ledger keeps any DingTalk would not end, for the next start. */
  async stop(): Promise<void> {
    await Promise.all([...this.#live.values()].map(({ card }) => card.interrupt(this.#options.interruptedNote)));
  }

  /** Ends the cards a crash left open: their text stays, the note goes under it, the spinner stops. */
  async endLeftovers(): Promise<void> {
    const leftovers = this.#options.ledger.cards.filter((card) => !this.#live.has(card.outTrackId));
    await Promise.all(leftovers.map((card) => this.#endLeftover(card)));
  }

  async #endLeftover({ outTrackId, key }: OpenCard): Promise<void> {
    const { rest, ledger, interruptedNote, logger } = this.#options;
    try {
      // Added to what the card shows, which this run never knew; refused when its last frame had gone out already.
      await streamFrame(rest, { outTrackId, key, content: `\n\n${interruptedNote}`, append: true, finalize: true }, {}).catch(() => undefined);
      await persist(() => updateCard(rest, outTrackId, { flowStatus: FLOW_STATUS.finished }, { paced: true }), new Set(['rate-limit', 'network', 'timeout', 'server']));
      ledger.closed(outTrackId);
    } catch (error) {
      const failure = error instanceof DingTalkError ? error : undefined;
      // A card DingTalk does not know (the crash came before it was made) has nothing to end.
      if (failure?.kind === 'bad-request') ledger.closed(outTrackId);
      logger.warn('An AI card left open before a restart could not be ended', { outTrackId, reason: error instanceof Error ? error.message : String(error) });
    }
  }
}
