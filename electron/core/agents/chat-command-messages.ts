import { both } from './agent-chat-messages.js';
import type { PermissionDecision } from './permission-schema.js';

interface StatusLines {
  session: 'active' | 'none';
  busy: boolean;
  agent: string;
  folder: string;
  model?: string;
}

/** What the bot answers to the chat's own commands (/help, /clear, /status, /cancel, /approve …), in both languages. */
export const CHAT_COMMAND_MESSAGES = {
  help: (agentCommands: ReadonlyArray<{ name: string; description: string }>) => {
    const own = agentCommands.map((c) => `- /${c.name} — ${c.description}`);
    return [
      '**命令 / Commands**',
      '',
      '- /help — 这份列表 / this list',
      '- /clear (/reset, /new) — 与智能体开始新的对话 / start a fresh conversation with the agent',
      '- /status — 智能体在做什么 / what the agent is doing',
      '- /cancel (/stop) — 停止当前请求 / stop the current request',
      '- /approve, /always, /deny — 答复智能体的权限请求（频道设置为在聊天中审批时） / answer the agent’s permission request (when the channel asks in chat)',
      ...(own.length ? ['', '**智能体自己的命令 / The agent’s own commands**', '', ...own] : []),
    ].join('\n');
  },
  cleared: () => both('会话已清空，下一条消息将开始新的对话。', 'Session cleared. Your next message will start a fresh conversation.'),
  nothingToClear: () => both('没有可清空的会话。', 'No active session to clear.'),
  status: ({ session, busy, agent, folder, model }: StatusLines) =>
    [
      `- 会话 / Session: ${session === 'active' ? '进行中 / active' : '无 / none'}${busy ? '，正在处理请求 / working on a request' : ''}`,
      `- 智能体 / Agent: ${agent}`,
      `- 文件夹 / Folder: ${folder}`,
      ...(model ? [`- 模型 / Model: ${model}`] : []),
    ].join('\n'),
  cancelled: () => both('已取消当前请求。', 'Cancelled current request.'),
  nothingRunning: () => both('当前没有正在处理的请求。', 'No request is currently running.'),
  answeredInApp: () => both('这个机器人的权限请求在 Dingbridge 应用中审批，不在聊天中。', 'Permission requests for this bot are answered in the Dingbridge app, not in the chat.'),
  nothingWaiting: () => both('没有等待答复的权限请求。', 'No permission request is waiting.'),
  answered: (decision: PermissionDecision, title: string) => {
    if (decision === 'deny') return both(`已拒绝：${title}`, `Denied: ${title}`);
    if (decision === 'allow_always') {
      return both(`已始终允许：${title}（仅限这条命令，直到在 Dingbridge 应用中撤销）`, `Always allowed (this exact command, until revoked in the Dingbridge app): ${title}`);
    }
    return both(`已允许一次：${title}`, `Allowed once: ${title}`);
  },
};
