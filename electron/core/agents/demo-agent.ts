import * as acp from '@agentclientprotocol/sdk';

const INSTALL_HINT = [
  'To answer for real, install a coding agent and choose it in the channel settings, for example:',
  '',
  '- Qwen Code: `npm install -g @qwen-code/qwen-code`',
  '- Claude Code: `npm install -g @agentclientprotocol/claude-agent-acp`',
  '- Gemini CLI: `npm install -g @google/gemini-cli`',
].join('\n');

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
    turn === 1 ? INSTALL_HINT : 'Ask for something *long* to see a reply split into parts.',
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
    .onRequest(acp.methods.agent.session.prompt, async ({ params, client }) => {
      const turn = (turns.get(params.sessionId) ?? 0) + 1;
      turns.set(params.sessionId, turn);
      const text = params.prompt.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
      const images = params.prompt.filter((block) => block.type === 'image').length;
      // The first turn starts with the channel's instructions; what the person said is the last paragraph.
      const said = turn === 1 ? (text.split('\n\n').at(-1) ?? '') : text;
      const answer = replyTo(said, images, turn);
      for (const piece of answer.match(/[\s\S]{1,400}/g) ?? []) {
        await client.notify(acp.methods.client.session.update, {
          sessionId: params.sessionId,
          update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: piece } },
        });
      }
      return { stopReason: 'end_turn' };
    });
}
