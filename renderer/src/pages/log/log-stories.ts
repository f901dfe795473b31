import type { LogEvent } from '../../view-types';

type Received = Extract<LogEvent, { kind: 'message.received' }>;
type ConnectionEvent = Extract<LogEvent, { kind: 'connection.state' }>;

/**
 * One row of the live log. `key` is the id of the story's first event, so React keeps the row while it grows;
 * `seq` orders the rows and changes only when a row moves to the bottom.
 */
export type Story =
  /** An incoming message and everything it caused: access, the agent's steps, the replies. */
  | { type: 'message'; key: string; seq: number; channel: string; received: Received; steps: readonly LogEvent[] }
  /** A channel trying to reach DingTalk again and again, as one row that stays at the bottom while it lasts. */
  | { type: 'retries'; key: string; seq: number; channel: string; first: ConnectionEvent; latest: ConnectionEvent; tries: number; events: number }
  | { type: 'event'; key: string; seq: number; channel: string; event: LogEvent };

/** A row that went (`removed`), came (`added`) or both, when a row changed or moved. */
export interface StoryChange {
  removed?: Story;
  added?: Story;
}

/**
 * The log's rows, kept up to date one batch of events at a time, holding at most `max` events (the oldest rows
 * make way): a new event costs a lookup of the row it belongs to, never a pass over or a copy of the 100,000
 * events the page may hold, so the rows change in place and `version` says when. Changes are kept until the
 * filtered view has taken them (`trim`).
 */
export class StoryBook {
  /** Rows by `seq`, changed in place. */
  readonly rows: Story[] = [];
  version = 0;
  /** Bumped when the rows are built again from scratch: changes from before mean nothing to the new rows. */
  generation = 0;
  /** How many events the rows stand for, in all and per channel (see `eventCount`). */
  events = 0;
  readonly perChannel = new Map<string, number>();
  /** Changes not yet taken, and how many were taken before the first of them. */
  changes: StoryChange[] = [];
  changesBefore = 0;
  readonly #messages = new Map<string, string>();
  readonly #seqOf = new Map<string, number>();
  readonly #retrying = new Map<string, string>();
  #nextSeq = 0;
  #lastId = '';

  constructor(readonly max = Number.POSITIVE_INFINITY) {}

  /** Builds the rows again from `events`, oldest first. */
  reset(events: readonly LogEvent[]): void {
    this.rows.length = 0;
    this.generation++;
    this.changes = [];
    this.changesBefore = 0;
    this.events = 0;
    this.perChannel.clear();
    this.#messages.clear();
    this.#seqOf.clear();
    this.#retrying.clear();
    this.#lastId = '';
    this.add(events);
    this.changes = [];
  }

  /** Adds events newer than any it has, oldest first; one it has already is skipped. */
  add(events: readonly LogEvent[]): void {
    let added = 0;
    for (const event of events) {
      if (event.id <= this.#lastId) continue;
      this.#lastId = event.id;
      // An event of a turn that answered several messages is a step of each: counted as often as it is shown.
      const placed = this.#place(this.rows, event);
      this.events += placed;
      this.perChannel.set(event.channel, (this.perChannel.get(event.channel) ?? 0) + placed);
      added++;
    }
    if (!added) return;
    this.#dropOldest();
    this.version++;
  }

  #dropOldest(): void {
    let drop = 0;
    while (this.events > this.max && drop < this.rows.length) {
      const story = this.rows[drop++] as Story;
      const count = eventCount(story);
      this.events -= count;
      const left = (this.perChannel.get(story.channel) ?? 0) - count;
      if (left > 0) this.perChannel.set(story.channel, left);
      else this.perChannel.delete(story.channel);
      this.#forget(story);
      this.changes.push({ removed: story });
    }
    if (drop) this.rows.splice(0, drop);
  }

  /** Forgets the changes before the `taken`-th. */
  trim(taken: number): void {
    const count = Math.min(this.changes.length, taken - this.changesBefore);
    if (count <= 0) return;
    this.changes = this.changes.slice(count);
    this.changesBefore += count;
  }

  /** Puts an event in its row, or a new one; returns how many rows it went into. */
  #place(rows: Story[], event: LogEvent): number {
    const owners = this.#ownersOf(event);
    for (const key of owners) this.#replace(rows, key, (story) => (story.type === 'message' ? { ...story, steps: [...story.steps, event] } : story));
    if (owners.length) return owners.length;
    if (event.kind === 'message.received') {
      this.#messages.set(event.msgId, event.id);
      this.#append(rows, { type: 'message', key: event.id, seq: 0, channel: event.channel, received: event, steps: [] });
    } else if (event.kind === 'connection.state') {
      this.#placeConnection(rows, event);
    } else {
      this.#append(rows, { type: 'event', key: event.id, seq: 0, channel: event.channel, event });
    }
    return 1;
  }

  /** Keys of the message rows an event belongs to: a turn may answer several messages at once. */
  #ownersOf(event: LogEvent): string[] {
    const record = event as { msgIds?: unknown; msgId?: unknown };
    const ids = Array.isArray(record.msgIds) ? (record.msgIds as string[]) : typeof record.msgId === 'string' ? [record.msgId] : [];
    const keys: string[] = [];
    for (const id of ids) {
      const key = this.#messages.get(id);
      if (key && !keys.includes(key)) keys.push(key);
    }
    return keys;
  }

  #placeConnection(rows: Story[], event: ConnectionEvent): void {
    const status = event.state.status;
    const open = this.#retrying.get(event.channel);
    if (status !== 'connecting' && status !== 'reconnecting') {
      this.#retrying.delete(event.channel);
      this.#append(rows, { type: 'event', key: event.id, seq: 0, channel: event.channel, event });
      return;
    }
    const tries = status === 'reconnecting' ? 1 : 0;
    if (!open) {
      this.#retrying.set(event.channel, event.id);
      this.#append(rows, { type: 'retries', key: event.id, seq: 0, channel: event.channel, first: event, latest: event, tries, events: 1 });
      return;
    }
    const index = this.#indexOf(rows, open);
    const story = rows[index];
    if (story?.type !== 'retries') return;
    // The row moves to the bottom, where a user watching the log looks for what is happening now.
    rows.splice(index, 1);
    this.changes.push({ removed: story });
    this.#append(rows, { ...story, latest: event, tries: story.tries + tries, events: story.events + 1 });
  }

  #append(rows: Story[], story: Story): void {
    const placed = { ...story, seq: this.#nextSeq++ } as Story;
    this.#seqOf.set(placed.key, placed.seq);
    rows.push(placed);
    this.changes.push({ added: placed });
  }

  #replace(rows: Story[], key: string, change: (story: Story) => Story): void {
    const index = this.#indexOf(rows, key);
    if (index < 0) return;
    const before = rows[index] as Story;
    const after = change(before);
    rows[index] = after;
    this.changes.push({ removed: before, added: after });
  }

  #indexOf(rows: readonly Story[], key: string): number {
    const seq = this.#seqOf.get(key);
    return seq === undefined ? -1 : indexOfSeq(rows, seq);
  }

  #forget(story: Story): void {
    this.#seqOf.delete(story.key);
    if (story.type === 'message' && this.#messages.get(story.received.msgId) === story.key) this.#messages.delete(story.received.msgId);
    if (story.type === 'retries' && this.#retrying.get(story.channel) === story.key) this.#retrying.delete(story.channel);
  }
}

/** In rows sorted by `seq`, the index of the one with `seq`, or -1. */
export function indexOfSeq(rows: readonly Story[], seq: number): number {
  const index = firstAtOrAfter(rows, seq);
  return rows[index]?.seq === seq ? index : -1;
}

/** In rows sorted by `seq`, the index of the first whose `seq` is at least `seq`. */
export function firstAtOrAfter(rows: readonly Story[], seq: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((rows[middle] as Story).seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Every event a row stands for, oldest first (of a run of retries, the first and the latest). */
/** The event a row is about, whose conversation and sender are the row's: the message itself, the latest try, or the one event. */
export function headOf(story: Story): LogEvent {
  if (story.type === 'message') return story.received;
  if (story.type === 'retries') return story.latest;
  return story.event;
}

export function eventsOf(story: Story): readonly LogEvent[] {
  if (story.type === 'message') return [story.received, ...story.steps];
  if (story.type === 'retries') return story.first === story.latest ? [story.first] : [story.first, story.latest];
  return [story.event];
}

/** How many events a row stands for. */
export function eventCount(story: Story): number {
  if (story.type === 'message') return story.steps.length + 1;
  if (story.type === 'retries') return story.events;
  return 1;
}
