import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answers, startRuntime } from './runtime-harness.js';
import { tempDir, until } from '../platform/dingtalk/harness.js';
import { STEER_NOTE } from '../../../electron/core/agents/prompt-builder.js';
import { AgentConfigSchema } from '../../../electron/core/agents/agent-config.js';
import { AgentRuntime } from '../../../electron/core/agents/agent-runtime.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { MarkdownReply } from '../../../electron/core/reply/markdown-reply.js';

/** The data folder and agent log of an app that had one conversation before it stopped, and that conversation's session. */
async function afterAnEarlierRun(): Promise<{ dataDir: string; log: string; sessionId: string | undefined }> {
  const dataDir = await tempDir();
  const log = join(await tempDir(), 'agent.log');
  const first = await startRuntime({ dataDir, log });
  await first.say('say: remember me');
  const sessionId = first.runtime.sessions()[0]?.sessionId;
  await first.runtime.stop();
  return { dataDir, log, sessionId };
}

describe('AgentRuntime conversations with a real agent subprocess', () => {
  it('answers, keeps one session per sender and conversation, and gives instructions once', async () => {
    const probe = await startRuntime({ instructions: 'Write DingTalk markdown.' });
    expect(await probe.say('say: first')).toBe('answered');
    expect(await probe.say('say: second')).toBe('answered');
    expect(answers(probe)).toEqual(['first', 'second']);
    const requests = await probe.requests();
    expect(new Set(requests.filter((r) => r.method === 'session/prompt').map((r) => r.params.sessionId)).size).toBe(1);
    expect(requests.filter((r) => r.method === 'session/new').every((r) => r.params.cwd === probe.cwd)).toBe(true);
    expect(await probe.prompts()).toEqual(['Write DingTalk markdown.\n\nsay: first', 'say: second']);
    expect(probe.runtime.sessions()).toEqual([
      expect.objectContaining({ key: 'user:cid-dm-1:staff-1', conversationId: 'cid-dm-1', senderId: 'staff-1', busy: false }),
    ]);
  });

  it('opens a session as the agent starts, so a conversation’s first message costs only its turn', async () => {
    const probe = await startRuntime();
    probe.runtime.warmUp();
    const opened = () => readFileSync(probe.log, 'utf8').includes('"method":"session/new"');
    await until(() => existsSync(probe.log) && opened(), 'the agent to open a session before any message');
    const before = (await probe.requests()).length;
    expect(await probe.say('say: hello')).toBe('answered');
    const sinceTheMessage = (await probe.requests()).slice(before);
    const prompt = sinceTheMessage.findIndex((r) => r.method === 'session/prompt');
    expect(prompt).toBeGreaterThanOrEqual(0);
    expect(sinceTheMessage.slice(0, prompt).map((r) => r.method)).not.toContain('session/new');
    // Another is opened once the turn is over, for the next new conversation.
    await until(() => readFileSync(probe.log, 'utf8').split('"method":"session/new"').length === 3, 'the next spare session');
    expect(await probe.say('say: from someone else', { senderId: 'staff-2', conversationId: 'cid-dm-2' })).toBe('answered');
    expect(answers(probe)).toEqual(['hello', 'from someone else']);
    expect(new Set(probe.runtime.sessions().map((session) => session.sessionId)).size).toBe(2);
  });

  it('gathers a streamed answer into one reply', async () => {
    const probe = await startRuntime();
    await probe.say('chunks: 5');
    expect(answers(probe)).toEqual(['part 1 part 2 part 3 part 4 part 5']);
  });

  it('routes by scope: user, thread and single', async () => {
    const user = await startRuntime({ sessionScope: 'user' });
    await user.say('say: a', { conversationId: 'g1', conversationType: 'group', senderId: 's1' });
    await user.say('say: b', { conversationId: 'g1', conversationType: 'group', senderId: 's2' });
    expect(user.runtime.sessions().map((s) => s.key).sort()).toEqual(['user:g1:s1', 'user:g1:s2']);

    const thread = await startRuntime({ sessionScope: 'thread' });
    await thread.say('say: a', { conversationId: 'g1', conversationType: 'group', senderId: 's1' });
    await thread.say('say: b', { conversationId: 'g1', conversationType: 'group', senderId: 's2' });
    await thread.say('say: c', { conversationId: 'g2', conversationType: 'group', senderId: 's1' });
    expect(thread.runtime.sessions().map((s) => s.key).sort()).toEqual(['thread:g1', 'thread:g2']);

    const single = await startRuntime({ sessionScope: 'single' });
    await single.say('say: a', { conversationId: 'g1' });
    await single.say('say: b', { conversationId: 'g2' });
    expect(single.runtime.sessions().map((s) => s.key)).toEqual(['single']);
  });

  it('builds the prompt with the sender in groups, the quoted message, and saved files', async () => {
    const probe = await startRuntime();
    const dir = await tempDir();
    const doc = join(dir, 'spec.pdf');
    await writeFile(doc, 'pdf');
    await probe.say('say: ok\n看看这个', {
      conversationType: 'group',
      conversationId: 'g1',
      quoted: { text: '原来的问题', senderNick: '李四' },
      files: [{ kind: 'file', path: doc, mimeType: 'application/pdf', fileName: 'spec.pdf' }],
    });
    const [prompt] = (await probe.requests()).filter((r) => r.method === 'session/prompt');
    const blocks = prompt?.params.prompt as Array<Record<string, unknown>>;
    expect(blocks[0]).toEqual({
      type: 'text',
      text: `[Replying to 李四: "原来的问题"]\n\n[张三] say: ok\n看看这个\n\n[张三] User sent a file "spec.pdf". It has been saved to: ${doc}`,
    });
    expect(blocks[1]).toEqual({ type: 'resource_link', uri: `file://${doc}`, name: 'spec.pdf', mimeType: 'application/pdf' });
  });

  it('sends images as image blocks when the agent takes them, else as saved files', async () => {
    const dir = await tempDir();
    const picture = join(dir, 'shot.png');
    await writeFile(picture, Buffer.from('89504e47', 'hex'));
    const files = [{ kind: 'image' as const, path: picture, mimeType: 'image/png', fileName: 'shot.png' }];
    const vision = await startRuntime({ mode: 'images' });
    await vision.say('images', { files });
    expect(answers(vision)).toEqual(['image/png']);
    const blind = await startRuntime();
    await blind.say('images', { files });
    expect(answers(blind)).toEqual(['no images']);
    expect((await blind.prompts())[0]).toContain(`User sent an image "shot.png". It has been saved to: ${picture}`);
  });

  it('collects messages sent while busy into the next turn', async () => {
    const probe = await startRuntime({ dispatchMode: 'collect' });
    const first = probe.say('slow: 400\nsay: one');
    await until(() => probe.runtime.sessions()[0]?.busy, 'the first turn to start');
    const second = probe.say('say: two');
    const third = probe.say('say: three');
    expect(await Promise.all([first, second, third])).toEqual(['answered', 'collected', 'answered']);
    expect(answers(probe)).toEqual(['one', 'twothree']);
    expect((await probe.prompts())[1]).toBe('say: two\n\nsay: three');
  });

  it('runs messages sent while busy as their own turns in followup mode', async () => {
    const probe = await startRuntime({ dispatchMode: 'followup' });
    const first = probe.say('slow: 300\nsay: one');
    await until(() => probe.runtime.sessions()[0]?.busy, 'the first turn to start');
    const rest = [probe.say('say: two'), probe.say('say: three')];
    await Promise.all([first, ...rest]);
    expect(answers(probe)).toEqual(['one', 'two', 'three']);
  });

  it('steers: cancels the running turn and starts the new message with a note', async () => {
    const probe = await startRuntime({ dispatchMode: 'steer' });
    const first = probe.say('say: never sent\nhang');
    await until(() => probe.runtime.sessions()[0]?.busy, 'the first turn to start');
    const second = probe.say('say: the new question');
    expect(await Promise.all([first, second])).toEqual(['steered', 'answered']);
    expect(answers(probe)).toEqual(['the new question']);
    expect((await probe.prompts())[1]).toBe(`${STEER_NOTE}\n\nsay: the new question`);
    expect((await probe.requests()).some((r) => r.method === 'session/cancel')).toBe(true);
  });

  it('ends a turn once its answer is complete: a message sent while DingTalk still takes that answer is a turn of its own, answered after it', async () => {
    const probe = await startRuntime({ dispatchMode: 'steer' });
    const turn = (msgId: string, text: string) => ({ msgId, conversationId: 'cid-dm-1', conversationType: 'dm' as const, senderId: 'staff-1', senderNick: '张三', text });
    const finished: Array<[string, string]> = [];
    probe.runtime.on('turnFinished', ({ msgIds, outcome }) => finished.push([msgIds.join(), outcome]));
    const sent: string[] = [];
    let accept = () => {};
    const accepted = new Promise<void>((resolve) => (accept = resolve));
    const first = probe.runtime.handle(
      turn('m1', 'say: one'),
      new MarkdownReply(async (text) => {
        await accepted;
        sent.push(text);
      }),
    );
    await until(() => finished.length === 1, 'the first answer to be complete');
    const second = probe.runtime.handle(
      turn('m2', 'say: two'),
      new MarkdownReply(async (text) => {
        sent.push(text);
      }),
    );
    await until(() => finished.length === 2, 'the second turn to be answered while the first answer is still on its way');
    expect(finished).toEqual([
      ['m1', 'answered'],
      ['m2', 'answered'],
    ]);
    expect(sent).toEqual([]);
    accept();
    expect(await Promise.all([first, second])).toEqual(['answered', 'answered']);
    expect(sent).toEqual(['one', 'two']);
    expect((await probe.prompts())[1]).toBe('say: two');
    expect((await probe.requests()).some((r) => r.method === 'session/cancel')).toBe(false);
  });

  it('answers with what the agent said after its last tool call, and reports tool calls in progress mode', async () => {
    const final = await startRuntime({ outputMode: 'final' });
    await final.say('say: let me look\ntool: Read README.md\nsay: It is a bridge.');
    expect(final.replies).toEqual([{ text: 'It is a bridge.', kind: 'answer', to: 'cid-dm-1/staff-1' }]);

    const progress = await startRuntime({ outputMode: 'progress', timeouts: { progressMs: 0 } });
    const toolLines: string[] = [];
    progress.runtime.on('toolCall', ({ line }) => toolLines.push(line));
    await progress.say('tool: Read README.md\nslow: 100\nsay: done');
    expect(toolLines).toEqual(['🔧 Read README.md']);
    expect(progress.replies.map((r) => [r.kind, r.text])).toEqual([
      ['progress', '🔧 Read README.md'],
      ['answer', 'done'],
    ]);
  });

  it('handles /help, /status, /clear and /cancel locally and passes other commands to the agent', async () => {
    const probe = await startRuntime();
    await probe.say('say: hi');
    await probe.say('/help');
    const help = probe.replies.at(-1)?.text ?? '';
    expect(help).toContain('/clear (/reset, /new)');
    expect(help).toContain('/status — 智能体在做什么 / what the agent is doing');
    expect(help).toContain('/compress — Compress the conversation history');
    await probe.say('/status');
    expect(probe.replies.at(-1)?.text).toMatch(/Session: 进行中 \/ active[\s\S]*Agent: fake-agent 1.0.0, 运行中 \/ running[\s\S]*Folder:/);
    // Sent as the bot's answer to a command, so the log shows the message answered rather than waiting for the agent.
    expect(probe.replies.at(-1)?.kind).toBe('command');
    expect(await probe.say('/clear@dingbridge')).toBe('command');
    expect(probe.replies.at(-1)?.text).toBe('会话已清空，下一条消息将开始新的对话。\n\nSession cleared. Your next message will start a fresh conversation.');
    await probe.say('／reset');
    expect(probe.replies.at(-1)?.text).toBe('没有可清空的会话。\n\nNo active session to clear.');
    await probe.say('/cancel');
    expect(probe.replies.at(-1)?.text).toBe('当前没有正在处理的请求。\n\nNo request is currently running.');
    const hanging = probe.say('hang');
    await until(() => probe.runtime.sessions()[0]?.busy, 'the turn to start');
    await probe.say('/stop');
    expect(probe.replies.at(-1)?.text).toBe('已取消当前请求。\n\nCancelled current request.');
    expect(await hanging).toBe('cancelled');
    await probe.say('/compress');
    expect((await probe.prompts()).at(-1)).toBe('/compress');
    // The session after /clear is another one.
    expect(new Set((await probe.requests()).filter((r) => r.method === 'session/prompt').map((r) => r.params.sessionId)).size).toBe(2);
  });

  it('stops a turn that runs past its timeout and tells the user', async () => {
    const probe = await startRuntime({ timeouts: { turnMs: 300 } });
    expect(await probe.say('hang')).toBe('timeout');
    expect(probe.replies).toEqual([expect.objectContaining({ kind: 'error', text: expect.stringMatching(/was stopped/) })]);
    expect(await probe.say('say: still works')).toBe('answered');
  });

  it('answers the in-flight message with an error when the agent crashes, restarts it and resumes the session', async () => {
    const probe = await startRuntime({ crashPolicy: { backoffMinMs: 10, backoffMaxMs: 20 } });
    await probe.say('say: before');
    expect(await probe.say('crash')).toBe('failed');
    expect(probe.replies.at(-1)).toMatchObject({ kind: 'error', text: expect.stringMatching(/stopped unexpectedly.*exited with code 3.*send this one again/s) });
    expect(await probe.say('say: after')).toBe('answered');
    const requests = await probe.requests();
    const pids = new Set(requests.map((r) => r.pid));
    expect(pids.size).toBe(2);
    const created = requests.find((r) => r.method === 'session/new')?.params;
    const loaded = requests.find((r) => r.method === 'session/load')?.params;
    expect(loaded?.sessionId).toBeDefined();
    expect(loaded?.sessionId).toBe((probe.runtime.sessions()[0] ?? {}).sessionId);
    expect(created).toBeDefined();
  });

  it('starts the agent before the first message, and again after a crash before the next one', async () => {
    const probe = await startRuntime({ crashPolicy: { backoffMinMs: 10, backoffMaxMs: 20 } });
    expect(probe.runtime.agentState.status).toBe('idle');
    probe.runtime.warmUp();
    await until(() => probe.runtime.agentState.status === 'ready', 'the agent to start with no message');
    const first = probe.runtime.agentState.status === 'ready' ? probe.runtime.agentState.pid : undefined;
    expect(await probe.say('say: hello')).toBe('answered');
    expect((await probe.requests()).filter((r) => r.method === 'initialize').map((r) => r.pid)).toEqual([first]);
    expect(await probe.say('crash')).toBe('failed');
    await until(() => probe.runtime.agentState.status === 'ready' && probe.runtime.agentState.pid !== first, 'the agent to be started again with no message');
  });

  it('leaves an agent that cannot start to the first message, which is told why', async () => {
    const probe = await startRuntime({ mode: 'exit-at-start' });
    const states: string[] = [];
    probe.runtime.on('agentState', (state) => states.push(state.status));
    probe.runtime.warmUp();
    await until(() => states.includes('idle'), 'the start ahead of messages to give up quietly');
    expect(probe.runtime.agentState.status).toBe('idle');
    expect(await probe.say('say: hello')).toBe('failed');
    expect(probe.replies.at(-1)).toMatchObject({ kind: 'error', text: expect.stringContaining('exited during start-up with code 2') });
  });

  it('stops an agent that is still starting when the channel stops, leaving no process behind', async () => {
    const probe = await startRuntime({ mode: 'mute' });
    probe.runtime.warmUp();
    const startedPid = () => {
      const line = existsSync(probe.log) ? readFileSync(probe.log, 'utf8').split('\n')[0] : undefined;
      return line ? (JSON.parse(line) as { pid: number }).pid : undefined;
    };
    const pid = await until(startedPid, 'the agent process to start', 15_000);
    expect(probe.runtime.agentState.status).toBe('starting');
    await probe.runtime.stop();
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(false);
  });

  it('gives up, with the reason, when the agent keeps crashing', async () => {
    const probe = await startRuntime({ crashPolicy: { maxCrashes: 1, windowMs: 60_000, backoffMinMs: 10, backoffMaxMs: 20 } });
    const states: string[] = [];
    probe.runtime.on('agentState', (state) => states.push(state.status));
    await probe.say('crash');
    await probe.say('crash');
    expect(probe.runtime.agentState).toMatchObject({ status: 'failed', reason: expect.stringMatching(/stopped 2 times within 1 minutes/) });
    expect(await probe.say('say: anyone?')).toBe('failed');
    expect(probe.replies.at(-1)?.text).toMatch(/stopped 2 times/);
    expect(states).toContain('restarting');
  });

  it('resumes a conversation after the app restarts', async () => {
    const { dataDir, log, sessionId } = await afterAnEarlierRun();
    const second = await startRuntime({ dataDir, log });
    expect(second.runtime.sessions()[0]?.sessionId).toBe(sessionId);
    await second.say('say: back again');
    const loads = (await second.requests()).filter((r) => r.method === 'session/load');
    expect(loads.map((r) => r.params.sessionId)).toEqual([sessionId]);
    expect(answers(second)).toEqual(['back again']);
  });

  it('starts afresh after a /clear sent while the earlier conversation was being resumed', async () => {
    const { dataDir, log, sessionId: oldSession } = await afterAnEarlierRun();
    const gate = join(await tempDir(), 'load-done');
    const second = await startRuntime({ dataDir, log, fakeEnv: { FAKE_AGENT_LOAD_GATE: gate } });
    const resuming = second.say('say: back again');
    await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('"method":"session/load"'), 'the agent to be resuming the session');
    expect(await second.say('/clear')).toBe('command');
    await writeFile(gate, '');
    expect(await resuming).toBe('cancelled');
    expect(await second.say('say: a fresh start')).toBe('answered');
    const newSession = second.runtime.sessions()[0]?.sessionId;
    expect(newSession).not.toBe(oldSession);
    expect((await second.requests()).filter((r) => r.method === 'session/prompt').at(-1)?.params.sessionId).toBe(newSession);
    expect(answers(second)).toEqual(['a fresh start']);
  });

  it('lets go of a quiet session, and resumes it from its file when the person writes again (an agent that can be told)', async () => {
    const probe = await startRuntime({ mode: 'closable', timeouts: { idleMs: 300 } });
    const released: string[] = [];
    probe.runtime.on('sessionChanged', ({ change, key }) => change === 'released' && released.push(key));
    await probe.say('say: before the pause');
    await probe.say('say: someone else', { senderId: 'staff-2', conversationId: 'cid-dm-2' });
    const [first] = probe.runtime.sessions();
    await until(() => released.length === 2, 'both quiet sessions to be let go of');
    await until(() => readFileSync(probe.log, 'utf8').split('"method":"session/close"').length === 3, 'the agent to be told to close both');
    const closed = (await probe.requests()).filter((r) => r.method === 'session/close').map((r) => r.params.sessionId);
    expect(closed.sort()).toEqual(probe.runtime.sessions().map((s) => s.sessionId).sort());
    // The sessions stay listed: they are resumed, not forgotten.
    expect(probe.runtime.sessions()).toHaveLength(2);
    expect(await probe.say('say: after the pause')).toBe('answered');
    const requests = await probe.requests();
    expect(requests.filter((r) => r.method === 'session/load').map((r) => r.params.sessionId)).toEqual([first?.sessionId]);
    expect(requests.filter((r) => r.method === 'session/prompt').at(-1)?.params.sessionId).toBe(first?.sessionId);
    expect(new Set(requests.map((r) => r.pid)).size).toBe(1);
    expect(answers(probe)).toEqual(['before the pause', 'someone else', 'after the pause']);
  });

  it('keeps a session that is working, however long it runs, and lets go of it once quiet', async () => {
    const probe = await startRuntime({ mode: 'closable', timeouts: { idleMs: 200 } });
    const released: string[] = [];
    probe.runtime.on('sessionChanged', ({ change, key }) => change === 'released' && released.push(key));
    expect(await probe.say('slow: 800\nsay: long job')).toBe('answered');
    const answeredAt = Date.now();
    expect(released).toEqual([]);
    await until(() => released.length === 1, 'the session to be let go of once quiet');
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(150);
  });

  it('restarts an agent that cannot be told to close sessions once all is quiet, to give back their memory', async () => {
    const probe = await startRuntime({ timeouts: { idleMs: 300 } });
    await probe.say('say: hello');
    const before = probe.runtime.agentState.status === 'ready' ? probe.runtime.agentState.pid : undefined;
    await until(() => probe.runtime.agentState.status === 'ready' && probe.runtime.agentState.pid !== before, 'a fresh agent in place of the idle one');
    expect(await probe.say('say: still here')).toBe('answered');
    const requests = await probe.requests();
    expect(requests.filter((r) => r.method === 'session/close')).toEqual([]);
    expect(requests.filter((r) => r.method === 'session/load').map((r) => r.params.sessionId)).toEqual([probe.runtime.sessions()[0]?.sessionId]);
    expect(answers(probe)).toEqual(['hello', 'still here']);
  });

  it('keeps every session of an agent that could not resume them', async () => {
    const probe = await startRuntime({ mode: 'no-load,closable', timeouts: { idleMs: 100 } });
    const changes: string[] = [];
    probe.runtime.on('sessionChanged', ({ change }) => changes.push(change));
    await probe.say('say: one');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await probe.say('say: two')).toBe('answered');
    expect(changes).toEqual(['created']);
    expect(probe.replies.map((r) => r.kind)).toEqual(['answer', 'answer']);
  });

  it('says so when the agent cannot resume the earlier conversation', async () => {
    const dataDir = await tempDir();
    const first = await startRuntime({ dataDir, mode: 'no-load' });
    await first.say('say: one');
    await first.runtime.stop();
    const second = await startRuntime({ dataDir, mode: 'no-load' });
    await second.say('say: two');
    expect(second.replies.map((r) => r.kind)).toEqual(['notice', 'answer']);
    expect(second.replies[0]?.text).toMatch(/starts fresh/);
  });

  it('chooses the model through the session setting when the agent offers one', async () => {
    const probe = await startRuntime({ mode: 'models', model: 'fake-large' });
    await probe.say('say: hi');
    const set = (await probe.requests()).find((r) => r.method === 'session/set_config_option');
    expect(set?.params).toMatchObject({ configId: 'model', value: 'fake-large' });
  });

  it('tells the user which agent to install when it is missing, and does not retry', async () => {
    const runtime = await AgentRuntime.create({
      agent: AgentConfigSchema.parse({ preset: 'gemini', command: 'gemini-not-here' }),
      cwd: await tempDir(),
      sessionScope: 'user',
      dispatchMode: 'collect',
      permissions: 'auto',
      logger: silentLogger,
    });
    const replies: string[] = [];
    const turn = { msgId: 'm', conversationId: 'c', conversationType: 'dm' as const, senderId: 's', senderNick: 'n', text: 'hi' };
    expect(await runtime.handle(turn, new MarkdownReply(async (text) => void replies.push(text)))).toBe('failed');
    expect(replies[0]).toBe(
      '⚠️ 运行 Dingbridge 的电脑上没有安装 Gemini CLI（找不到命令 "gemini-not-here"）。\n\n' +
        '⚠️ Gemini CLI is not installed: "gemini-not-here" was not found on PATH. Install it with: npm install -g @google/gemini-cli',
    );
    expect(runtime.agentState).toMatchObject({
      status: 'failed',
      problem: { code: 'not-installed', agent: 'Gemini CLI', command: 'gemini-not-here', install: 'npm install -g @google/gemini-cli' },
    });
    await runtime.stop();
  });
});
