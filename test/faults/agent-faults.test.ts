import { describe, expect, it } from 'vitest';
import { until } from '../core/platform/dingtalk/harness.js';
import { startWorld } from '../core/channel/service-harness.js';
import { ask, expectEachAnsweredOnce } from './fault-harness.js';

const ONE_SESSION = { sessionScope: 'single', dispatchMode: 'followup' };

describe('faults in the agent', () => {
  it('when the agent crashes mid-turn: that message gets an apology with a reference, the ones behind it their answers', async () => {
    const world = await startWorld(ONE_SESSION);
    ask(world, 'crashing', { text: 'slow: 100\ncrash' });
    ask(world, 'queued1');
    ask(world, 'queued2');
    await expectEachAnsweredOnce(world, ['queued1', 'queued2'], 15_000);
    const apology = world.fake.outbox.find((sent) => sent.conversationId === 'cidFaultcrashing==');
    expect(apology?.text).toMatch(/\(ref E-[A-Z0-9]{6}\)/);
    expect(world.fake.outbox.filter((sent) => sent.conversationId === 'cidFaultcrashing==')).toHaveLength(1);
    expect(world.events('agent.turn.finished').find((e) => e.kind === 'agent.turn.finished' && e.outcome === 'failed')).toMatchObject({
      error: expect.stringContaining('crashing as told'),
    });
    expect(world.events('agent.state').map((e) => (e.kind === 'agent.state' ? e.status : ''))).toContain('restarting');
  });

  it('stops a turn that hangs past its timeout, tells the person, and answers the next message', async () => {
    const world = await startWorld({ ...ONE_SESSION, timeouts: { turnMs: 300 } });
    ask(world, 'hanging', { text: 'hang' });
    ask(world, 'next');
    await expectEachAnsweredOnce(world, ['next'], 10_000);
    const told = world.fake.outbox.filter((sent) => sent.conversationId === 'cidFaulthanging==');
    expect(told).toHaveLength(1);
    // Chinese first, as the bot's users read it, then English.
    expect(told[0]?.text).toMatch(/^⏱ 智能体处理这条消息超过了 1 秒，已被停止。[\s\S]*\n\n⏱ The agent worked on this for more than 1 second, so it was stopped\./);
    expect(world.events('agent.turn.finished')[0]).toMatchObject({ outcome: 'timeout' });
  });

  it('when the agent cannot start: each person is told once, and after a few tries the channel stops and says why', async () => {
    const world = await startWorld({}, { agentMode: 'exit-at-start' });
    for (const [i, token] of ['nostart1', 'nostart2', 'nostart3', 'nostart4'].entries()) {
      ask(world, token);
      await until(() => world.fake.outbox.length === i + 1, `${token} to be told`);
      expect(world.fake.outbox[i]?.text).toMatch(/exited during start-up with code 2[\s\S]*\(ref E-[A-Z0-9]{6}\)/);
    }
    await until(() => world.service.channels()[0]?.status === 'failed', 'the channel to stop');
    expect(world.service.channels()[0]?.reason).toMatch(/The agent stopped 4 times within 5 minutes/);
    // The same reason as a code, with the last start's own, for the window to word.
    expect(world.service.channels()[0]?.problem).toMatchObject({
      code: 'agent',
      agent: { code: 'keeps-crashing', crashes: 4, minutes: 5, last: { code: 'exited-at-start', exitCode: 2 } },
    });
    expect(world.events('agent.state').find((e) => e.kind === 'agent.state' && e.status === 'restarting')).toMatchObject({
      reason: expect.stringContaining('exited during start-up'),
      problem: { code: 'exited-at-start', exitCode: 2 },
    });
    expect(world.events('channel.state').find((e) => e.kind === 'channel.state' && e.status === 'failed')).toMatchObject({
      reason: expect.stringMatching(/The agent stopped 4 times/),
      problem: { code: 'agent', agent: { code: 'keeps-crashing' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(world.fake.outbox).toHaveLength(4);
  });
});
