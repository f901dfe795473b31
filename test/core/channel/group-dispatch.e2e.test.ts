import { describe, expect, it } from 'vitest';
import { until } from '../platform/dingtalk/harness.js';
import { startWorld, type World } from './service-harness.js';

const inGroup = (id: string) => ({ conversation: { type: 'group' as const, id, title: '研发群' }, isInAtList: false });

/** Three messages to one group, the last two while the agent still works on the first; what the group was answered. */
async function burst(world: World, group: string, tag: string): Promise<string[]> {
  const before = world.outboxText().length;
  const started = world.events('agent.turn.started').length;
  world.fake.pushMessage({ text: `slow: 500\nsay: ${tag}1`, ...inGroup(group) });
  await until(() => world.events('agent.turn.started').length > started, 'the first turn to start');
  world.fake.pushMessage({ text: `say: ${tag}2`, ...inGroup(group) });
  world.fake.pushMessage({ text: `say: ${tag}3`, ...inGroup(group) });
  await until(() => world.outboxText().slice(before).join('').includes(`${tag}3`), 'the last message to be answered');
  return world.outboxText().slice(before);
}

describe('a group’s own dispatchMode', () => {
  // The harness's channel collects (dispatchMode "collect").
  const groups = { '*': { requireMention: false }, cidFollow: { dispatchMode: 'followup' } };

  it('decides what its busy session does with new messages; other groups go by the channel', async () => {
    const world = await startWorld({ groupPolicy: 'open', sessionScope: 'thread', groups });
    expect(await burst(world, 'cidFollow', 'f')).toEqual(['f1', 'f2', 'f3']);
    expect(await burst(world, 'cidOther', 'c')).toEqual(['c1', 'c2c3']);
  });

  it('is taken from "*" by the groups that do not set one', async () => {
    const world = await startWorld({ groupPolicy: 'allowlist', sessionScope: 'thread', groups: { '*': { requireMention: false, dispatchMode: 'followup' }, cidListed: {} } });
    expect(await burst(world, 'cidListed', 'l')).toEqual(['l1', 'l2', 'l3']);
  });

  it('does not apply under the single scope, whose one session spans every conversation: the channel’s does', async () => {
    const world = await startWorld({ groupPolicy: 'open', sessionScope: 'single', groups });
    expect(await burst(world, 'cidFollow', 's')).toEqual(['s1', 's2s3']);
  });
});
