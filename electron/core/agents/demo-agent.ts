import * as acp from '@agentclientprotocol/sdk';

const INSTALL_HINT = [
  'To answer for real, install a coding agent and choose it in the channel settings, for example:',
  '',
  '- Qwen Code: `npm install -g @qwen-code/qwen-code`',
  '- Claude Code: `npm install -g @agentclientprotocol/claude-agent-acp`',
  '- Gemini CLI: `npm install -g @google/gemini-cli`',
].join('\n');

/** What makes the demo ask for a permission, so the approval flow can be tried without a real agent. */
const ASKS_FOR_PERMISSION = /\b(write|create|save)\b[^\n]*\bfile\b|写[^\n]*文件|\bpermission\b|权限/i;
const DEMO_FILE = 'dingbridge-demo.txt';

/**
 * Asks to write a file the way a real agent asks before a tool call, and says what the answer was. It writes
 * nothing: a demo has no business changing the user's folder, and says so.
 */
async function askToWriteFile(client: acp.AgentContext, sessionId: string, signal: AbortSignal): Promise<string> {
  const toolCallId = `demo-write-${Date.now().toString(36)}`;
  const title = `Write ${DEMO_FILE}`;
  await client.notify(acp.methods.client.session.update, {
    sessionId,
    update: { sessionUpdate: 'tool_call', toolCallId, title, kind: 'edit', status: 'pending' },
  });
  const answer = await client
    .request(
      acp.methods.client.session.requestPermission,
      {
        sessionId,
        toolCall: { toolCallId, title, kind: 'edit', status: 'pending', rawInput: { path: DEMO_FILE, content: 'Hello from the demo agent' } },
        options: [
          { optionId: 'allow', name: 'Allow once', kind: 'allow_once' },
          { optionId: 'always', name: 'Always allow', kind: 'allow_always' },
          { optionId: 'deny', name: 'Deny', kind: 'reject_once' },
        ],
      },
      { cancellationSignal: signal, stopWaitingOnCancel: true },
    )
    .catch(() => ({ outcome: { outcome: 'cancelled' as const } }));
  const allowed = answer.outcome.outcome === 'selected' && answer.outcome.optionId !== 'deny';
  await client.notify(acp.methods.client.session.update, {
    sessionId,
    update: { sessionUpdate: 'tool_call_update', toolCallId, status: allowed ? 'completed' : 'failed' },
  });
  if (!allowed) return `**Demo agent**\n\nYou did not allow it, so \`${DEMO_FILE}\` was not written. A real agent stops the same way.`;
  return [
    '**Demo agent**',
    '',
    `You allowed writing \`${DEMO_FILE}\`${answer.outcome.outcome === 'selected' && answer.outcome.optionId === 'always' ? ' (and every time from now on)' : ''}.`,
    'A real agent would write it now; the demo writes nothing to your folder.',
  ].join('\n');
}

function replyTo(text: string, images: number, turn: number): string {
  if (/\blong\b|长/i.test(text)) {
    const lines = Array.from({ length: 160 }, (_, i) => `${i + 1}. This is line ${i + 1} of a long demo answer, to show how Dingbridge splits long replies into several DingTalk messages.`);
    return ['## A long answer', '', ...lines, '', '```text', 'and a code block that stays a code block across messages', '```'].join('\n');
  }
  const heard = text.trim() ? `> ${text.trim().split('\n').join('\n> ')}` : `> (${images} image${images === 1 ? '' : 's'})`;
  return [
    turn === 1 ? '**👋 This is Dingbridge’s built-in demo agent, not a real coding agent.**' : '**Demo agent**',
    '',
    'You said:',
    '',
    heard,
    ...(images ? ['', `I received ${images} image${images === 1 ? '' : 's'}.`] : []),
    '',
    turn === 1 ? INSTALL_HINT : 'Ask for something *long* to see a reply split into parts, or ask me to *write a file* to see a permission request.',
  ].join('\n');
}

/**
 * The agent used when no real one is installed: it speaks ACP inside Dingbridge, answers every message by
 * saying plainly that it is a demo, shows what it received, and explains how to install a real agent.
 */
export function createDemoAgent(): acp.AgentApp {
  const turns = new Map<string, number>();
  let sessions = 0;
  return acp
    .agent({ name: 'dingbridge-demo' })
    .onRequest(acp.methods.agent.initialize, () => ({
      protocolVersion: acp.PROTOCOL_VERSION,
      agentCapabilities: { loadSession: true, promptCapabilities: { image: true, audio: false, embeddedContext: false } },
      authMethods: [],
      agentInfo: { name: 'Demo agent', version: '1.0.0' },
    }))
    .onRequest(acp.methods.agent.session.new, () => ({ sessionId: `demo-${++sessions}-${Date.now().toString(36)}` }))
    .onRequest(acp.methods.agent.session.load, ({ params }) => {
      turns.set(params.sessionId, turns.get(params.sessionId) ?? 1);
      return {};
    })
    .onNotification(acp.methods.agent.session.cancel, () => undefined)
    .onRequest(acp.methods.agent.session.prompt, async ({ params, client, signal }) => {
      const turn = (turns.get(params.sessionId) ?? 0) + 1;
      turns.set(params.sessionId, turn);
      const text = params.prompt.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
      const images = params.prompt.filter((block) => block.type === 'image').length;
      // The first turn starts with the channel's instructions; what the person said is the last paragraph.
      const said = turn === 1 ? (text.split('\n\n').at(-1) ?? '') : text;
      const answer = ASKS_FOR_PERMISSION.test(said) ? await askToWriteFile(client, params.sessionId, signal) : replyTo(said, images, turn);
      for (const piece of answer.match(/[\s\S]{1,400}/g) ?? []) {
        await client.notify(acp.methods.client.session.update, {
          sessionId: params.sessionId,
          update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: piece } },
        });
      }
      return { stopReason: 'end_turn' };
    });
}
