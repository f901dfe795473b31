import type * as acp from '@agentclientprotocol/sdk';
import type { ChatLanguage } from '../../chat/chat-language.js';
import { AgentError } from '../../agents/agent-errors.js';
import type { AgentAction, AgentProblem, AgentProblemCode } from '../../agents/agent-problem.js';
import { spokenDuration, spokenDurationZh } from '../../base/spoken-duration.js';
import { speak } from './bilingual.js';

const ACTION_ZH: Record<AgentAction, string> = {
  'start-session': '开始会话',
  'resume-session': '恢复会话',
  answer: '回答',
  'change-setting': '更改会话设置',
};

/**
 * An agent problem in Chinese for the person in the chat, who usually cannot fix it: what is wrong, and the way
 * on when someone at the computer running Dingbridge can take it. The English half gives the full detail.
 */
const PROBLEM_ZH: Record<AgentProblemCode, (p: AgentProblem, agent: string) => string> = {
  'not-installed': (p, agent) => `运行 Dingbridge 的电脑上没有安装 ${agent}（找不到命令 "${p.command}"）。`,
  'folder-missing': (p) => `智能体的工作文件夹 ${p.folder} 不存在，需要在频道设置中重新选择。`,
  'spawn-failed': (p, agent) => `${agent} 无法启动：${p.detail}`,
  'exited-at-start': (_p, agent) => `${agent} 在启动时退出了。`,
  'no-handshake': (_p, agent) => `${agent} 启动后没有响应。`,
  'unknown-auth-method': (p, agent) => `${agent} 没有频道设置中指定的登录方式 "${p.method}"。`,
  'login-failed': (p, agent) => `${agent} 无法用 "${p.method}" 登录：${p.detail}`,
  'needs-login': (p, agent) =>
    `${agent} 需要先登录才能${ACTION_ZH[p.action ?? 'answer']}：请在运行 Dingbridge 的电脑上，${p.login ? `在终端里运行一次 \`${p.login}\` 并登录` : '在终端里用它登录一次'}。`,
  exited: (p, agent) => `${agent} 在${ACTION_ZH[p.action ?? 'answer']}之前意外退出了。`,
  crashed: (_p, agent) => `${agent} 意外退出了。`,
  'session-timeout': (p, agent) => `${agent} 没有在 ${p.seconds} 秒内开始会话。`,
  'keeps-crashing': (p) => `智能体在 ${p.minutes} 分钟内停止了 ${p.crashes} 次，因此不再自动重启。`,
  'channel-stopping': () => '频道正在停止。',
};

/** An agent that died mid-turn is started again for the next message: these codes say it died. */
const RESTARTED: ReadonlySet<AgentProblemCode> = new Set(['exited', 'crashed', 'exited-at-start']);

/**
 * Why the agent could not answer. The Chinese is for the person in the chat, who usually cannot fix it; the English
 * is the full summary; a stderr tail is for the log, never the chat.
 */
function failed(language: ChatLanguage, failure: unknown): string {
  if (!(failure instanceof AgentError)) {
    return speak(language, { zh: '⚠️ 智能体无法回答这条消息。', en: `⚠️ The agent could not answer: ${failure instanceof Error ? failure.message : String(failure)}` });
  }
  const { problem, summary } = failure;
  if (problem && RESTARTED.has(problem.code)) {
    return speak(language, {
      zh: '⚠️ 智能体在处理这条消息时意外停止。下一条消息会自动重启它，请重新发送这条消息。',
      en: `⚠️ The agent stopped unexpectedly while working on this (${summary}) It is restarted for your next message; please send this one again.`,
    });
  }
  const chinese = problem ? PROBLEM_ZH[problem.code](problem, problem.agent ?? '智能体') : '智能体无法回答这条消息。';
  return speak(language, { zh: `⚠️ ${chinese}`, en: `⚠️ ${summary}` });
}

function empty(language: ChatLanguage, stopReason: acp.StopReason | undefined): string {
  switch (stopReason) {
    case 'refusal':
      return speak(language, { zh: '智能体拒绝回答这个问题。', en: 'The agent declined to answer this.' });
    case 'max_tokens':
      return speak(language, { zh: '智能体的回答超出了长度上限。请让它回答得简短一些。', en: 'The agent ran out of room for its answer. Ask for a shorter one.' });
    case 'max_turn_requests':
      return speak(language, { zh: '智能体执行了太多步骤，仍然没有给出回答。', en: 'The agent stopped after too many steps without an answer.' });
    default:
      return speak(language, { zh: '智能体完成了，但什么也没有说。', en: 'The agent finished without saying anything.' });
  }
}

/** What the bot says in the chat about its agent: why it cannot answer, what it asks to do, what became of that. */
export const AGENT_WORDS = {
  failed,
  empty,
  timedOut: (language: ChatLanguage, ms: number) =>
    speak(language, {
      zh: `⏱ 智能体处理这条消息超过了 ${spokenDurationZh(ms)}，已被停止。请把请求拆小一些再试。`,
      en: `⏱ The agent worked on this for more than ${spokenDuration(ms)}, so it was stopped. Try a smaller request.`,
    }),
  sessionLost: (language: ChatLanguage) =>
    speak(language, { zh: 'ℹ️ 智能体无法继续之前的对话，这次将开始新的对话。', en: 'ℹ️ The agent could not continue the earlier conversation, so this one starts fresh.' }),
  permissionNotYours: (language: ChatLanguage, requesters: string[]) =>
    speak(language, {
      zh: `🔒 这个权限请求只能由${requesters.length ? `发起它的 ${requesters.join('、')} ` : '发起它的人'}或本频道的审批人回答，你的回答没有生效。`,
      en: `🔒 Only ${requesters.length ? requesters.join(', ') : 'the person who asked'} (who asked) or one of this channel’s approvers can answer this permission request; your answer changed nothing.`,
    }),
  permissionTimedOut: (language: ChatLanguage, title: string, ms: number) =>
    speak(language, {
      zh: `⏱ ${spokenDurationZh(ms)}内没有人回应使用 ${title} 的请求，已拒绝智能体。`,
      en: `⏱ Nobody answered the request to use ${title} within ${spokenDuration(ms)}, so the agent was told no.`,
    }),
};
