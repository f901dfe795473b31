import type { LogEvent } from '../../view-types';

/**
 * The events the page holds, oldest first, with how many of them each channel has. The counts are kept up to
 * date as events come and go, so a new event costs the page work for that event alone, never a pass over
 * the 100,000 it may hold.
 */
export interface HeldEvents {
  events: LogEvent[];
  perChannel: ReadonlyMap<string, number>;
}

export const NO_EVENTS: HeldEvents = { events: [], perChannel: new Map() };

function count(perChannel: Map<string, number>, events: readonly LogEvent[], by: 1 | -1): void {
  for (const { channel } of events) {
    const n = (perChannel.get(channel) ?? 0) + by;
    if (n > 0) perChannel.set(channel, n);
    else perChannel.delete(channel);
  }
}

/** `held` with the history from the engine put before the events that arrived while it loaded. */
export function withHistory(held: HeldEvents, history: LogEvent[]): HeldEvents {
  const last = history.at(-1)?.id ?? '';
  const events = history.concat(held.events.filter((event) => event.id > last));
  const perChannel = new Map<string, number>();
  count(perChannel, events, 1);
  return { events, perChannel };
}

/** `held` with the new events appended (any it already has are skipped), keeping at most `max`, the newest. */
export function withAppended(held: HeldEvents, fresh: readonly LogEvent[], max: number): HeldEvents {
  const known = held.events.at(-1)?.id ?? '';
  const added = fresh.filter((event) => event.id > known);
  if (!added.length) return held;
  const all = held.events.concat(added);
  const dropped = all.slice(0, Math.max(0, all.length - max));
  const perChannel = new Map(held.perChannel);
  count(perChannel, added, 1);
  count(perChannel, dropped, -1);
  return { events: dropped.length ? all.slice(dropped.length) : all, perChannel };
}
