import { randomUUID } from 'node:crypto';
import type { Logger } from '../../base/logger.js';
import type { ReplyTarget } from '../../chat/reply-target.js';
import type { LiveRefusal, LiveReply } from '../live-reply.js';
import { AiCard, PASSING, persist } from './ai-card.js';
import { FLOW_STATUS, cardSpaceOf, createAndDeliver, streamFrame, updateCard } from './card-api.js';
import type { CardLedger, OpenCard } from './card-ledger.js';
import { PUBLIC_CARD_TEMPLATE, type CardSettings } from './card-settings.js';
import { stopButtonParams } from './card-click.js';
import { asDingTalkError, type DingTalkErrorKind } from './errors.js';
import type { DingTalkRestClient } from './rest-client.js';
import type { TableMode } from './markdown-tables.js';

/** What the bot writes on a card besides the answer, in the chat's language. */
export interface CardNotes {
  /** Under the text of a card the bot stopped (or crashed) before it was complete. */
  interrupted: string;
  /** On a card DingTalk may have made though it did not say so: the answer went as a message instead. */
  inMessage: string;
  /** The stop button's words, which the public template draws. */
  stop: string;
}

export interface AiCardsOptions {
  rest: DingTalkRestClient;
  robotCode: string;
  settings: CardSettings;
  /** How tables in an answer are drawn, as for its messages. */
  tables?: TableMode;
  ledger: CardLedger;
  notes: CardNotes;
  logger: Logger;
}

/** The message a streaming card answers: its msgId, and the bot's organisation as the message named it. */
export interface CardAnswering {
  msgId: string;
  botCorpId?: string;
}

/** Failures after which DingTalk may have made the card all the same: it is ended too, to be sure. */
const MAYBE_MADE: ReadonlySet<DingTalkErrorKind> = new Set(['network', 'timeout', 'server']);

/**
 * A bot's AI cards: each one opened is in the ledger until it is ended, and the ones a stop or a crash left open
 * are ended with a note rather than left spinning.
 */
export class AiCards {
  readonly #options: AiCardsOptions;
  /** The cards streaming now. */
  readonly #live = new Map<string, AiCard>();
  /**
   * The message each card being made or streaming answers. Known before the card is asked for: its stop button can
   * be tapped before DingTalk's answer to the call reaches us.
   */
  readonly #answering = new Map<string, CardAnswering>();
  /** Cards being made now: a stop waits for them, to end them too. */
  readonly #opening = new Set<Promise<unknown>>();
  #stopped = false;

  constructor(options: AiCardsOptions) {
    this.#options = options;
  }

  /** A card answering in `target`'s conversation, or why there is none. */
  open(target: ReplyTarget, answering: CardAnswering): Promise<LiveReply | LiveRefusal> {
    if (this.#stopped) return Promise.resolve({ refused: 'The channel is stopping.' });
    const opening = this.#open(target, answering);
    this.#opening.add(opening);
    void opening.finally(() => this.#opening.delete(opening));
    return opening;
  }

  /** The message the card `outTrackId` answers, while it streams. */
  answering(outTrackId: string): CardAnswering | undefined {
    return this.#answering.get(outTrackId);
  }

  /**
   * Ends every card still open, those being made included, with the note; the ledger keeps any DingTalk would not
   * end, for the next start.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#opening]);
    await Promise.all([...this.#live.values()].map(async (card) => {
      await card.interrupt(this.#options.notes.interrupted);
      await card.settled;
    }));
  }

  /** Ends the cards a crash left open: their text stays, the note goes under it, the spinner stops. */
  async endLeftovers(): Promise<void> {
    const leftovers = this.#options.ledger.cards.filter((card) => !this.#live.has(card.outTrackId));
    await Promise.all(leftovers.map((card) => this.#endLeftover(card, this.#options.notes.interrupted)));
  }

  async #open(target: ReplyTarget, answering: CardAnswering): Promise<LiveReply | LiveRefusal> {
    const { rest, robotCode, settings, ledger, logger, notes } = this.#options;
    const space = cardSpaceOf(target);
    if (!space) return { refused: 'DingTalk gave no staffId for this person, and a card reaches a direct chat only by it.' };
    const outTrackId = `dingbridge-${randomUUID()}`;
    const { templateId, contentKey: key } = settings;
    const endParams = endParamsOf(templateId);
    // Noted before it exists: a crash during the call leaves a note to clear, never a card nobody knows of.
    const noted: OpenCard = { outTrackId, key, templateId, openedAt: Date.now() };
    ledger.opened(noted);
    this.#answering.set(outTrackId, answering);
    try {
      const params = { [key]: '', flowStatus: FLOW_STATUS.processing, ...(templateId === PUBLIC_CARD_TEMPLATE ? stopButtonParams(notes.stop) : {}) };
      await createAndDeliver(rest, { robotCode, templateId, outTrackId, space, params });
    } catch (error) {
      const failure = asDingTalkError(error);
      // One DingTalk may have made shows its stop button until it is ended, and a tap on it still stops the turn.
      if (MAYBE_MADE.has(failure.kind)) void this.#endLeftover(noted, notes.inMessage).finally(() => this.#answering.delete(outTrackId));
      else {
        this.#answering.delete(outTrackId);
        ledger.closed(outTrackId);
      }
      return { refused: failure.message, ...(failure.problem ? { problem: failure.problem } : {}) };
    }
    const card = new AiCard({
      rest,
      outTrackId,
      key,
      intervalMs: settings.intervalMs,
      tables: this.#options.tables ?? 'text',
      endParams,
      logger,
      finalized: () => ledger.finalized(outTrackId),
      settled: (ended) => {
        if (ended) ledger.closed(outTrackId);
        this.#live.delete(outTrackId);
        this.#answering.delete(outTrackId);
      },
    });
    this.#live.set(outTrackId, card);
    return card;
  }

  /**
   * Ends a card this run has no hold of. One whose last frame went out only needs its finished status; any other
   * gets `note` added under what it shows (which this run never knew) first.
   */
  async #endLeftover({ outTrackId, key, templateId, finalized }: OpenCard, note: string): Promise<void> {
    const { rest, ledger, logger } = this.#options;
    try {
      // Refused when the card's last frame had gone out already: the status below still ends it.
      if (!finalized) await streamFrame(rest, { outTrackId, key, content: `\n\n${note}`, append: true, finalize: true }, {}).catch(() => undefined);
      await persist(() => updateCard(rest, outTrackId, { ...endParamsOf(templateId), flowStatus: FLOW_STATUS.finished }, { paced: true }), PASSING);
      ledger.closed(outTrackId);
    } catch (error) {
      const failure = asDingTalkError(error);
      // A card DingTalk does not know (it was never made) has nothing to end.
      if (failure.kind === 'bad-request') ledger.closed(outTrackId);
      logger.warn('An AI card left open could not be ended', { outTrackId, reason: failure.message });
    }
  }
}

/** What an ending card sets besides its text and status: the public template's stop button goes, as it would stop nothing. */
const endParamsOf = (templateId: string | undefined): Record<string, string> => (templateId === PUBLIC_CARD_TEMPLATE ? stopButtonParams(undefined) : {});
