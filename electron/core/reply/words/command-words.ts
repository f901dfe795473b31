import type { ChatLanguage } from '../../chat/chat-language.js';
import type { AgentStatusLine, BotSays } from '../../agents/bot-says.js';
import type { PermissionDecision } from '../../agents/permission-schema.js';
import { inline, speak } from './bilingual.js';

function help(language: ChatLanguage, agentCommands: ReadonlyArray<{ name: string; description: string }>): string {
  const own = agentCommands.map((c) => `- /${c.name} — ${c.description}`);
  const item = (command: string, zh: string, en: string) => `- ${command} — ${inline(language, zh, en)}`;
  return [
    `**${inline(language, '命令', 'Commands')}**`,
    '',
    item('/help', '这份列表', 'this list'),
    item('/clear (/reset, /new)', '与智能体开始新的对话', 'start a fresh conversation with the agent'),
    item('/status', '智能体在做什么', 'what the agent is doing'),
    item('/cancel (/stop)', '停止当前请求', 'stop the current request'),
    item('/approve, /always, /deny', '答复智能体的权限请求（频道设置为在聊天中审批时）', 'answer the agent’s permission request (when the channel asks in chat)'),
    ...(own.length ? ['', `**${inline(language, '智能体自己的命令', 'The agent’s own commands')}**`, '', ...own] : []),
  ].join('\n');
}

function agentLine(language: ChatLanguage, { status, agent, version, login }: AgentStatusLine): string {
  const named = `${agent ?? ''}${version ? ` ${version}` : ''}`;
  if (status === 'ready') return `${named}, ${inline(language, '运行中', 'running')}`;
  if (status === 'needs-login') {
    const how = login ? inline(language, `在终端里运行一次 \`${login}\``, `run \`${login}\` once in a terminal`) : '';
    return `${named}, ${inline(language, '需要登录', 'needs a login')}${how ? ` (${how})` : ''}`;
  }
  return status;
}

function status(language: ChatLanguage, { session, busy, agent, folder, model }: Extract<BotSays, { say: 'status' }>): string {
  return [
    `- ${inline(language, '会话', 'Session')}: ${session === 'active' ? inline(language, '进行中', 'active') : inline(language, '无', 'none')}${busy ? (language === 'en' ? ', working on a request' : inline(language, '，正在处理请求', 'working on a request')) : ''}`,
    `- ${inline(language, '智能体', 'Agent')}: ${agentLine(language, agent)}`,
    `- ${inline(language, '文件夹', 'Folder')}: ${folder}`,
    ...(model ? [`- ${inline(language, '模型', 'Model')}: ${model}`] : []),
  ].join('\n');
}

function answered(language: ChatLanguage, decision: PermissionDecision, title: string): string {
  if (decision === 'deny') return speak(language, { zh: `已拒绝：${title}`, en: `Denied: ${title}` });
  if (decision === 'allow_always') {
    return speak(language, { zh: `已始终允许：${title}（仅限这条命令，直到在 Dingbridge 应用中撤销）`, en: `Always allowed (this exact command, until revoked in the Dingbridge app): ${title}` });
  }
  return speak(language, { zh: `已允许一次：${title}`, en: `Allowed once: ${title}` });
}

/** What the bot answers to the chat's own commands (/help, /clear, /status, /cancel, /approve …). */
export const COMMAND_WORDS = {
  help,
  status,
  answered,
  cleared: (language: ChatLanguage) => speak(language, { zh: '会话已清空，下一条消息将开始新的对话。', en: 'Session cleared. Your next message will start a fresh conversation.' }),
  nothingToClear: (language: ChatLanguage) => speak(language, { zh: '没有可清空的会话。', en: 'No active session to clear.' }),
  cancelled: (language: ChatLanguage) => speak(language, { zh: '已取消当前请求。', en: 'Cancelled current request.' }),
  nothingRunning: (language: ChatLanguage) => speak(language, { zh: '当前没有正在处理的请求。', en: 'No request is currently running.' }),
  answeredInApp: (language: ChatLanguage) =>
    speak(language, { zh: '这个机器人的权限请求在 Dingbridge 应用中审批，不在聊天中。', en: 'Permission requests for this bot are answered in the Dingbridge app, not in the chat.' }),
  nothingWaiting: (language: ChatLanguage) => speak(language, { zh: '没有等待答复的权限请求。', en: 'No permission request is waiting.' }),
};
