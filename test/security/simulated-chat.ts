import type { Api } from '../../electron/contract/client.js';
import type { InvokeOutput } from '../../electron/contract/contract.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';

export type Where = 'dm' | 'group';
export type TranscriptEntry = InvokeOutput<'simulator.transcript'>['entries'][number];

export const ZHANG = { staffId: 'zhangsan', nick: '张三' };
export const LI = { staffId: 'lisi', nick: '李四' };
export const WANG = { staffId: 'wangwu', nick: '王五' };

/**
 * A simulator channel anyone may talk to, in DMs and (when @-mentioned) in its group, whose agent is the scripted
 * fake that asks permission for `ask: COMMAND` and `run: COMMAND`.
 */
export function simulatorWithFakeAgent(cwd: string, settings: Record<string, unknown> = {}): Record<string, unknown> {
  const launch = fakeAgentLaunch();
  return {
    type: 'simulator',
    senderPolicy: 'open',
    groupPolicy: 'open',
    groups: { '*': { requireMention: true } },
    dispatchMode: 'followup',
    instructions: '',
    cwd,
    agent: { preset: 'custom', command: launch.command, args: launch.args },
    ...settings,
  };
}

/** Polls an async probe until it gives something, or fails saying what it waited for. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** People writing to one simulator channel of a running daemon, and what its bot says back. */
export function simulatedChat(api: Api, channel: string) {
  const botSaid = async (where: Where, person?: { staffId: string }) =>
    (await api['simulator.transcript']({ channel })).entries.filter(
      (entry) => entry.from === 'bot' && entry.conversation === where && (where === 'group' || entry.conversationId.endsWith(`-${person?.staffId}`)),
    );
  return {
    /** What the bot has said in the group, or in the person's DM, oldest first. */
    botSaid,
    /** Sends as `person`, then waits for the bot to say something new there that contains `expected`. */
    async say(person: { staffId: string; nick: string }, where: Where, text: string, expected: string | RegExp): Promise<TranscriptEntry> {
      const before = (await botSaid(where, person)).length;
      await api['simulator.send']({ channel, sender: person, conversation: where, text });
      return eventually(
        async () => (await botSaid(where, person)).slice(before).find((entry) => (typeof expected === 'string' ? entry.text.includes(expected) : expected.test(entry.text))),
        `the bot to say ${String(expected)} to ${person.nick} in the ${where} of ${channel}`,
      );
    },
    /** The permission requests waiting in this channel. */
    async waiting() {
      return (await api['permissions.list']()).filter((request) => request.channel === channel);
    },
  };
}
