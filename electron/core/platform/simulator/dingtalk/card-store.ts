import type { Recorder } from './recorder.js';
import type { CardFrame, CardRecord } from './types.js';

/**
 * The AI card instances. Each app has its own outTrackId space, as on the real server. Cards are changed
 * only through here, so every change wakes whoever waits on the `cards` record.
 */
export class CardStore {
  private readonly byApp = new Map<string, Map<string, CardRecord>>();

  constructor(private readonly recorder: Recorder) {}

  find(clientId: string, outTrackId: string): CardRecord | undefined {
    return this.byApp.get(clientId)?.get(outTrackId);
  }

  /** The one card a click names; a click names the card, and the app only when two apps share the outTrackId. */
  clickable(outTrackId: string, clientId?: string): CardRecord {
    const cards = [...this.byApp.entries()]
      .filter(([appClientId]) => clientId === undefined || appClientId === clientId)
      .flatMap(([, appCards]) => appCards.get(outTrackId) ?? []);
    const [card, other] = cards;
    if (!card) throw new Error(`no card with outTrackId ${outTrackId}${clientId === undefined ? '' : ` for app ${clientId}`}`);
    if (other) throw new Error(`several apps have a card with outTrackId ${outTrackId}: pass clientId`);
    return card;
  }

  add(card: CardRecord): void {
    let cards = this.byApp.get(card.clientId);
    if (!cards) this.byApp.set(card.clientId, (cards = new Map()));
    cards.set(card.outTrackId, card);
    syncFlowStatus(card);
    this.recorder.add('cards', card);
  }

  usedGuid(card: CardRecord, guid: string): boolean {
    return card.frames.some((frame) => frame.guid === guid);
  }

  finalizedKey(card: CardRecord, key: string): boolean {
    return card.frames.some((frame) => frame.key === key && frame.isFinalize);
  }

  /** A full frame replaces the key's value, any other adds to it. */
  appendFrame(card: CardRecord, frame: CardFrame): void {
    card.frames.push(frame);
    card.data[frame.key] = frame.isFull ? frame.content : (card.data[frame.key] ?? '') + frame.content;
    if (frame.isFinalize) card.finalized = true;
    this.touched(card, frame.at);
  }

  /** `replace`: the map becomes the card's whole data, as `updateCardDataByKey: false` asks. */
  updateData(card: CardRecord, params: Record<string, string>, replace = false): void {
    card.data = replace ? { ...params } : { ...card.data, ...params };
    this.touched(card, Date.now());
  }

  private touched(card: CardRecord, at: number): void {
    card.updatedAt = at;
    syncFlowStatus(card);
    this.recorder.changed('cards', card);
  }
}

function syncFlowStatus(card: CardRecord): void {
  if (card.data.flowStatus === undefined) delete card.flowStatus;
  else card.flowStatus = card.data.flowStatus;
}
