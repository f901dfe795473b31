import type * as acp from '@agentclientprotocol/sdk';
import { describe, expect, it } from 'vitest';
import { SessionWorker, type TurnOutcome } from '../../../electron/core/agents/session-worker.js';
import { AgentTimeoutsSchema, type DispatchMode } from '../../../electron/core/agents/conversation-settings.js';
import { STEER_NOTE } from '../../../electron/core/agents/prompt-builder.js';
import type { AgentProcess } from '../../../electron/core/agents/agent-process.js';
import type { TurnInput } from '../../../electron/core/agents/turn-input.js';
import type { ReplyKind } from '../../../electron/core/reply/reply-kind.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { MarkdownReply } from '../../../electron/core/reply/markdown-reply.js';
import type { TurnReply } from '../../../electron/core/agents/turn-reply.js';

const SESSION = 'session-1';

/** A prompt the fake session is working on: what it was asked, and how the test ends it. */
interface OpenPrompt {
  text: string;
  answer(text: string): void;
}

/**
 * One session of a fake agent, in memory: each prompt stays open until the test answers it, and a cancel ends
 * the open prompt as an agent does (stopReason "cancelled").
 */
class FakeSession {
  readonly prompts: OpenPrompt[] = [];
  readonly cancels: string[] = [];
  #listener: ((update: acp.SessionUpdate) => void) | undefined;
  #waiters: Array<() => void> = [];
  #finish: ((response: acp.PromptResponse) => void) | undefined;

  readonly agent = {
    capabilities: { loadSession: false, closeSession: false, images: false, audio: false },
    prompt: (_sessionId: string, blocks: acp.ContentBlock[]): Promise<acp.PromptResponse> =>
      new Promise((resolve) => {
        this.#finish = resolve;
        const text = blocks.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
        this.prompts.push({
          text,
          answer: (words) => {
            this.#listener?.({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: words } });
            resolve({ stopReason: 'end_turn' });
          },
        });
        for (const wake of this.#waiters.splice(0)) wake();
      }),
    cancel: async (sessionId: string) => {
      this.cancels.push(sessionId);
      this.#finish?.({ stopReason: 'cancelled' });
    },
  } as unknown as AgentProcess;

  listen(onUpdate: (update: acp.SessionUpdate) => void): () => void {
    this.#listener = onUpdate;
    return () => (this.#listener = undefined);
  }

  /** The n-th prompt (from 1), once the worker has sent it. */
  async prompt(n: number): Promise<OpenPrompt> {
    while (this.prompts.length < n) await new Promise<void>((wake) => this.#waiters.push(wake));
    return this.prompts[n - 1] as OpenPrompt;
  }
}

const message = (n: number): TurnInput => ({ msgId: `m${n}`, conversationId: 'cidA==', conversationType: 'dm', senderId: 'staff1', senderNick: 'Ada', text: `message ${n}` });

function workerFor(dispatchMode: DispatchMode) {
  const session = new FakeSession();
  const sent: Array<{ to: string; text: string; kind: ReplyKind }> = [];
  const turns: Array<{ msgIds: string[]; outcome: TurnOutcome }> = [];
  const worker = new SessionWorker({
    key: 'dingtalk:cidA==',
    dispatchMode,
    timeouts: AgentTimeoutsSchema.parse({}),
    logger: silentLogger,
    prepare: async () => ({ agent: session.agent, sessionId: SESSION, firstTurn: false }),
    instructed: () => undefined,
    listen: (_sessionId, onUpdate) => session.listen(onUpdate),
    turnStarted: () => undefined,
    toolCall: () => undefined,
    turnFinished: ({ msgIds, outcome }) => turns.push({ msgIds, outcome }),
  });
  const submit = (n: number) => worker.submit(message(n), new MarkdownReply(async (text, kind) => void sent.push({ to: `m${n}`, text, kind })));
  return { worker, session, sent, turns, submit };
}

/** A reply that only notes what the worker did with it. */
function notingReply(noted: string[]): TurnReply {
  return {
    begin: () => void noted.push('begin'),
    say: async () => void noted.push('say'),
    append: () => undefined,
    tool: () => undefined,
    finish: async () => void noted.push('finish'),
    abandon: async (why) => void noted.push(why ? `abandon: ${why.say}` : 'abandon'),
    after: () => undefined,
  };
}

describe('SessionWorker', () => {
  it('ends a turn steered while its session was still being prepared, so a reply begun for it is never left open', async () => {
    const session = new FakeSession();
    let prepared: (() => void) | undefined;
    const worker = new SessionWorker({
      key: 'dingtalk:cidA==',
      dispatchMode: 'steer',
      timeouts: AgentTimeoutsSchema.parse({}),
      logger: silentLogger,
      prepare: async () => {
        if (!prepared) await new Promise<void>((resolve) => (prepared = resolve));
        return { agent: session.agent, sessionId: SESSION, firstTurn: false };
      },
      instructed: () => undefined,
      listen: (_sessionId, onUpdate) => session.listen(onUpdate),
      turnStarted: () => undefined,
      toolCall: () => undefined,
      turnFinished: () => undefined,
    });
    const first: string[] = [];
    const steered = worker.submit(message(1), notingReply(first));
    while (!prepared) await new Promise((resolve) => setImmediate(resolve));
    const second = worker.submit(message(2), notingReply([]));
    prepared();
    expect(await steered).toBe('steered');
    expect(first).toEqual(['begin', 'abandon']);
    (await session.prompt(1)).answer('answer two');
    expect(await second).toBe('answered');
  });

  it('under "followup" answers a message sent while busy in a turn of its own, after the first', async () => {
    const { session, sent, submit } = workerFor('followup');
    const first = submit(1);
    const second = submit(2);
    (await session.prompt(1)).answer('answer one');
    expect(await first).toBe('answered');
    const next = await session.prompt(2);
    expect(next.text).toContain('message 2');
    expect(next.text).not.toContain('message 1');
    next.answer('answer two');
    expect(await second).toBe('answered');
    expect(sent).toEqual([
      { to: 'm1', text: 'answer one', kind: 'answer' },
      { to: 'm2', text: 'answer two', kind: 'answer' },
    ]);
  });

  it('under "collect" gathers the messages sent while busy into one next turn, answered once', async () => {
    const { session, sent, submit, turns } = workerFor('collect');
    const first = submit(1);
    await session.prompt(1);
    const second = submit(2);
    const third = submit(3);
    session.prompts[0]?.answer('answer one');
    const gathered = await session.prompt(2);
    expect(gathered.text).toContain('message 2');
    expect(gathered.text).toContain('message 3');
    gathered.answer('answer to both');
    expect(await Promise.all([first, second, third])).toEqual(['answered', 'collected', 'answered']);
    expect(session.prompts).toHaveLength(2);
    expect(sent.map((reply) => [reply.to, reply.text])).toEqual([
      ['m1', 'answer one'],
      ['m3', 'answer to both'],
    ]);
    expect(turns.map((turn) => turn.msgIds)).toEqual([['m1'], ['m2', 'm3']]);
  });

  it('under "steer" cancels the running turn and prompts the new message with a note saying so', async () => {
    const { session, sent, submit } = workerFor('steer');
    const first = submit(1);
    await session.prompt(1);
    const second = submit(2);
    expect(await first).toBe('steered');
    expect(session.cancels).toEqual([SESSION]);
    const steered = await session.prompt(2);
    expect(steered.text).toContain(STEER_NOTE);
    expect(steered.text).toContain('message 2');
    // The cancelled message is in the session's history already; sending it again would answer it twice.
    expect(steered.text).not.toContain('message 1');
    steered.answer('answer to the new request');
    expect(await second).toBe('answered');
    expect(sent).toEqual([{ to: 'm2', text: 'answer to the new request', kind: 'answer' }]);
  });

  it('under "steer" treats a turn whose answer is complete as over: the next message is not a steer', async () => {
    const { worker, session } = workerFor('steer');
    let deliver: () => void = () => undefined;
    const sent: string[] = [];
    // DingTalk takes its time with the first answer.
    const first = worker.submit(message(1), new MarkdownReply((text) => new Promise<void>((resolve) => (deliver = () => resolve(void sent.push(text))))));
    (await session.prompt(1)).answer('answer one');
    while (worker.busy) await new Promise((resolve) => setImmediate(resolve));
    const second = worker.submit(message(2), new MarkdownReply(async (text) => void sent.push(text)));
    const next = await session.prompt(2);
    expect(next.text).not.toContain(STEER_NOTE);
    expect(session.cancels).toEqual([]);
    next.answer('answer two');
    deliver();
    expect(await Promise.all([first, second])).toEqual(['answered', 'answered']);
    expect(sent).toEqual(['answer one', 'answer two']);
  });

  it('cancelAll settles every waiting message as cancelled and stops the running turn', async () => {
    const { worker, session, sent, submit } = workerFor('followup');
    const first = submit(1);
    await session.prompt(1);
    const second = submit(2);
    worker.cancelAll();
    expect(await Promise.all([first, second])).toEqual(['cancelled', 'cancelled']);
    expect(session.prompts).toHaveLength(1);
    expect(sent).toEqual([]);
    expect(worker.idle).toBe(true);
  });
});
