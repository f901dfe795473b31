import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWorld } from '../core/channel/service-harness.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';
import { tempDir, until } from '../core/platform/dingtalk/harness.js';

const MEGABYTE = 1024 * 1024;

/** About a megabyte of pasted log, as someone might drop into a chat: lines of ASCII and Chinese. */
function pastedLog(): { text: string; lastLine: string } {
  const lines: string[] = [];
  let bytes = 0;
  for (let n = 1; bytes < MEGABYTE; n++) {
    const line = `line ${n}: 2026-01-31T09:${String(n % 60).padStart(2, '0')} 构建失败 build failed at step ${n % 97} — retrying…`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return { text: lines.join('\n'), lastLine: lines[lines.length - 1] ?? '' };
}

describe('a 1 MB text message through the whole pipeline', () => {
  it('is ACKed, logged briefly, given whole to the agent, and answered exactly once', async () => {
    const agentLog = join(await tempDir(), 'agent.jsonl');
    const launch = fakeAgentLaunch({ FAKE_AGENT_LOG: agentLog });
    const world = await startWorld({ agent: { preset: 'custom', command: launch.command, args: launch.args, env: launch.env } });
    const { text: log, lastLine } = pastedLog();
    const text = `say: I read all of it\n${log}`;
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(MEGABYTE);

    const pushed = world.fake.pushMessage({ text });
    await until(() => world.fake.outbox.length >= 1, 'the reply', 30_000);
    // A second reply, if one were coming, would come now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(world.outboxText()).toEqual(['I read all of it']);
    expect(world.fake.acks.filter((ack) => ack.messageId === pushed.messageId)).toHaveLength(1);
    expect(world.fake.deliveries.filter((delivery) => delivery.messageId === pushed.messageId)).toHaveLength(1);

    // The agent got every line: nothing silently cut.
    const prompts = (await readFile(agentLog, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { method: string; params: { prompt?: Array<{ type: string; text?: string }> } })
      .filter((entry) => entry.method === 'session/prompt');
    expect(prompts).toHaveLength(1);
    const prompted = (prompts[0]?.params.prompt ?? []).map((block) => block.text ?? '').join('\n');
    expect(prompted).toContain('say: I read all of it');
    expect(prompted).toContain(lastLine);
    expect(prompted.length).toBeGreaterThanOrEqual(log.length);

    // The log keeps a preview, not the megabyte.
    const [received] = world.events('message.received');
    expect(received).toMatchObject({ msgId: pushed.msgId, preview: expect.stringMatching(/^say: I read all of it\nline 1: .*…$/s) });
    expect(received?.kind === 'message.received' && received.preview.length).toBeLessThanOrEqual(201);
    expect(world.events('agent.turn.finished')).toEqual([expect.objectContaining({ outcome: 'answered' })]);
    await world.service.log.flush();
    expect((await stat(join(world.dataDir, 'logs', 'events.jsonl'))).size).toBeLessThan(64 * 1024);
    expect(world.fake.reactions.map((reaction) => reaction.action)).toEqual(['reply', 'recall']);
  }, 60_000);
});
