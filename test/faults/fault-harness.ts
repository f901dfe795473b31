import { expect } from 'vitest';
import type { PushMessageInput } from '../../electron/core/platform/simulator/dingtalk/index.js';
import type { LogEvent } from '../../electron/core/events/event-schema.js';
import { until } from '../core/platform/dingtalk/harness.js';
import type { World } from '../core/channel/service-harness.js';

/**
 * Sends `say: <token>` as its own person in its own DM, so the scripted agent answers with exactly the
 * token and every reply can be traced to the one message that asked for it.
 */
export function ask(world: World, token: string, extra: PushMessageInput = {}) {
  return world.fake.pushMessage({
    text: `say: ${token}`,
    conversation: { id: `cidFault${token}==`, type: 'dm' },
    sender: { staffId: `staff-${token}`, nick: 'Fault Tester' },
    ...extra,
  });
}

/** How often each token came back, over every reply DingTalk took. */
function answersTo(world: World, tokens: string[]): Map<string, number> {
  const counts = new Map(tokens.map((token) => [token, 0]));
  for (const text of world.outboxText()) {
    for (const token of tokens) if (text.includes(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return counts;
}

/**
 * The fault suite's promise: every message got its answer, and none got it twice, also after a moment in
 * which a late duplicate would have shown up.
 */
export async function expectEachAnsweredOnce(world: World, tokens: string[], timeoutMs = 10_000): Promise<void> {
  await until(() => [...answersTo(world, tokens).values()].every((count) => count >= 1), `answers to ${tokens.join(', ')}`, timeoutMs);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(Object.fromEntries(answersTo(world, tokens))).toEqual(Object.fromEntries(tokens.map((token) => [token, 1])));
}

/** The connection states the log shows, in order. */
export function connectionStates(world: World): Array<Extract<LogEvent, { kind: 'connection.state' }>['state']> {
  return world.events('connection.state').flatMap((event) => (event.kind === 'connection.state' ? [event.state] : []));
}
