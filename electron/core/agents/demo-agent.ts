import * as acp from '@agentclientprotocol/sdk';
import { demoChartPng } from './demo-picture.js';

/** What the demo says, in the language the person wrote in: Chinese when the message has any Chinese characters. */
interface DemoWords {
  name: string;
  intro: string;
  youSaid: string;
  images: (n: number) => string;
  installHint: string;
  tryMore: string;
  longTitle: string;
  longLine: (n: number) => string;
  longCode: string;
  writeTitle: string;
  options: { allow: string; always: string; deny: string };
  denied: string;
  allowed: (always: boolean) => string;
  wouldWrite: string;
  picture: string;
}

const INSTALL_COMMANDS = [
  '- Qwen Code: `npm install -g @qwen-code/qwen-code`',
  '- Claude Code: `npm install -g @agentclientprotocol/claude-agent-acp`',
  '- Gemini CLI: `npm install -g @google/gemini-cli`',
];
const DEMO_FILE = 'dingbridge-demo.txt';

const ENGLISH: DemoWords = {
  name: '**Demo agent**',
  intro: '**👋 This is Dingbridge’s built-in demo agent, not a real coding agent.**',
  youSaid: 'You said:',
  images: (n) => `I received ${n} image${n === 1 ? '' : 's'}.`,
  installHint: ['To answer for real, install a coding agent and choose it in the channel settings, for example:', '', ...INSTALL_COMMANDS].join('\n'),
  tryMore: 'Ask for something *long* to see a reply split into parts, ask me to *write a file* to see a permission request, or ask for a *picture* to see one sent to the chat.',
  longTitle: '## A long answer',
  longLine: (n) => `${n}. This is line ${n} of a long demo answer, to show how Dingbridge splits long replies into several DingTalk messages.`,
  longCode: 'and a code block that stays a code block across messages',
  writeTitle: `Write ${DEMO_FILE}`,
  options: { allow: 'Allow once', always: 'Always allow', deny: 'Deny' },
  denied: `You did not allow it, so \`${DEMO_FILE}\` was not written. A real agent stops the same way.`,
  allowed: (always) => `You allowed writing \`${DEMO_FILE}\`${always ? ' (and every time from now on)' : ''}.`,
  wouldWrite: 'A real agent would write it now; the demo writes nothing to your folder.',
  picture: 'Here is a chart, sent to this conversation as a picture, the way an agent sends one (as ACP image content; a real agent can also use Dingbridge’s send_image tool).',
};

const CHINESE: DemoWords = {
  name: '**演示智能体**',
  intro: '**👋 这是 Dingbridge 内置的演示智能体，不是真正的编程智能体。**',
  youSaid: '你说：',
  images: (n) => `我收到了 ${n} 张图片。`,
  installHint: ['要真正回答问题，请安装一个编程智能体，并在频道设置中选择它，例如：', '', ...INSTALL_COMMANDS].join('\n'),
  tryMore: '让我写一段*很长*的回答，看看回复如何拆成几条消息；让我*写一个文件*，看看权限请求；或者向我要一张*图片*，看看它如何发到聊天里。',
  longTitle: '## 一段很长的回答',
  longLine: (n) => `${n}. 这是演示长回答的第 ${n} 行，用来展示 Dingbridge 如何把很长的回复拆成几条钉钉消息。`,
  longCode: '跨越多条消息，代码块仍然是代码块',
  writeTitle: `写入 ${DEMO_FILE}`,
  options: { allow: '允许一次', always: '始终允许', deny: '拒绝' },
  denied: `你没有允许，所以没有写入 \`${DEMO_FILE}\`。真正的智能体也会这样停下。`,
  allowed: (always) => `你允许了写入 \`${DEMO_FILE}\`${always ? '（以后每次都允许）' : ''}。`,
  wouldWrite: '真正的智能体现在会写入它；演示智能体不会在你的文件夹里写任何东西。',
  picture: '这是一张图表，像智能体那样作为图片发到了这个会话里（通过 ACP 图片内容；真正的智能体也可以用 Dingbridge 的 send_image 工具）。',
};

/** Han characters (with the compatibility block): a message with any is answered in Chinese. */
const CHINESE_TEXT = /[\u3400-\u9fff\uf900-\ufaff]/;
const wordsFor = (text: string): DemoWords => (CHINESE_TEXT.test(text) ? CHINESE : ENGLISH);

/** What makes the demo ask for a permission, so the approval flow can be tried without a real agent. */
const ASKS_FOR_PERMISSION = /\b(write|create|save)\b[^\n]*\bfile\b|写[^\n]*文件|\bpermission\b|权限/i;

/** What makes the demo send a picture, so a file sent to the chat can be seen without a real agent. */
const ASKS_FOR_PICTURE = /\b(picture|image|chart|photo)\b|图片|图表|照片/i;

/** Sends the demo's chart as ACP image content, the way an agent puts a picture in its answer. */
async function sendPicture(client: acp.AgentContext, sessionId: string, words: DemoWords): Promise<string> {
  await client.notify(acp.methods.client.session.update, {
    sessionId,
    update: { sessionUpdate: 'agent_message_chunk', content: { type: 'image', mimeType: 'image/png', data: demoChartPng().toString('base64') } },
  });
  return `${words.name}\n\n${words.picture}`;
}

/**
 * Asks to write a file the way a real agent asks before a tool call, and says what the answer was. It writes
 * nothing: a demo has no business changing the user's folder, and says so.
 */
async function askToWriteFile(client: acp.AgentContext, sessionId: string, signal: AbortSignal, words: DemoWords): Promise<string> {
  const toolCallId = `demo-write-${Date.now().toString(36)}`;
  const title = words.writeTitle;
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
          { optionId: 'allow', name: words.options.allow, kind: 'allow_once' },
          { optionId: 'always', name: words.options.always, kind: 'allow_always' },
          { optionId: 'deny', name: words.options.deny, kind: 'reject_once' },
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
  if (!allowed) return `${words.name}\n\n${words.denied}`;
  const always = answer.outcome.outcome === 'selected' && answer.outcome.optionId === 'always';
  return [words.name, '', words.allowed(always), words.wouldWrite].join('\n');
}

function replyTo(text: string, images: number, turn: number, words: DemoWords): string {
  if (/\blong\b|长/i.test(text)) {
    const lines = Array.from({ length: 160 }, (_, i) => words.longLine(i + 1));
    return [words.longTitle, '', ...lines, '', '```text', words.longCode, '```'].join('\n');
  }
  const heard = text.trim() ? `> ${text.trim().split('\n').join('\n> ')}` : `> (${images} image${images === 1 ? '' : 's'})`;
  return [
    turn === 1 ? words.intro : words.name,
    '',
    words.youSaid,
    '',
    heard,
    ...(images ? ['', words.images(images)] : []),
    '',
    turn === 1 ? words.installHint : words.tryMore,
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
      const words = wordsFor(said);
      const answer = ASKS_FOR_PERMISSION.test(said)
        ? await askToWriteFile(client, params.sessionId, signal, words)
        : ASKS_FOR_PICTURE.test(said) && !images
          ? await sendPicture(client, params.sessionId, words)
          : replyTo(said, images, turn, words);
      for (const piece of answer.match(/[\s\S]{1,400}/g) ?? []) {
        await client.notify(acp.methods.client.session.update, {
          sessionId: params.sessionId,
          update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: piece } },
        });
      }
      return { stopReason: 'end_turn' };
    });
}
