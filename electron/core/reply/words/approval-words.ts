import type { ChatLanguage } from '../../chat/chat-language.js';
import type { PermissionDecision } from '../../chat/permission-decision.js';
import { cutMarked } from '../../agents/permission-detail.js';
import { permissionCode, type PendingPermission } from '../../agents/permission-schema.js';
import type { PermissionAnswer } from '../../agents/permission-broker.js';
import { spokenDuration, spokenDurationZh } from '../../base/spoken-duration.js';
import type { ApprovalQuestion } from '../../platform/approval-prompt.js';
import { halvesFor, inline, speak } from './bilingual.js';

/** The most of a command a prompt with buttons holds; a longer one goes whole in messages of its own before it. */
export const PROMPT_DETAIL_MAX_CHARS = 2_000;
/** A command longer than this is cut in the chat (the window shows it whole): a few messages at most. */
const CHAT_DETAIL_MAX_CHARS = 10_000;

/** A code fence longer than any run of backticks in `text`, so nothing in it can close the block early. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

const COMMANDS: Record<PermissionDecision, string> = { allow_once: '/approve', allow_always: '/always', deny: '/deny' };
const BUTTONS: Record<PermissionDecision, [zh: string, en: string]> = {
  allow_once: ['允许一次', 'Allow once'],
  allow_always: ['始终允许', 'Always'],
  deny: ['拒绝', 'Deny'],
};

/** The first line of a request's prompt: which tool, and who caused it. */
function heading(language: ChatLanguage, pending: PendingPermission): string {
  const by = pending.senderNick ? ` (${inline(language, `${pending.senderNick} 的请求`, `asked by ${pending.senderNick}`)})` : '';
  const colon = pending.detail ? ':' : '';
  // Many agents title a shell call with the command itself: it is shown once, in the block below.
  if (pending.detail === pending.title) return `🔐 ${inline(language, '智能体请求运行以下命令', 'The agent asks to run this')}${by}${colon}`;
  return `🔐 ${inline(language, '智能体请求使用', 'The agent asks to use')} **${pending.title}**${by}${colon}`;
}

/** What the tool wants to do, in a code block, whole; past what the chat holds, cut with a note that says where it is whole. */
function detailLines(language: ChatLanguage, detail: string | undefined): string[] {
  if (!detail) return [];
  let left = 0;
  const shown = cutMarked(detail, CHAT_DETAIL_MAX_CHARS, (cut) => {
    left = cut;
    return '…';
  });
  const fence = fenceFor(shown);
  const lines = ['', fence, shown, fence];
  if (left) {
    lines.push(
      '',
      ...halvesFor(language, {
        zh: `✂️ 命令太长，这里省略了最后 ${left} 个字符；完整命令请在 Dingbridge 窗口中查看。`,
        en: `✂️ The command is too long for the chat: its last ${left} characters are left out here. The Dingbridge window shows it whole.`,
      }),
    );
  }
  return lines;
}

/**
 * A permission request as the chat asks it: the tool and what it wants to do, who may answer and until when, and the
 * typed answers (with the request's code) for a client whose buttons do not reach the bot, as in a group, where only
 * a message that @-mentions the bot does.
 */
export function approvalQuestion(language: ChatLanguage, pending: PendingPermission): ApprovalQuestion {
  const code = permissionCode(pending.id);
  const ms = pending.expiresAt - pending.createdAt;
  const who = pending.senderNick ?? '';
  const text = [
    heading(language, pending),
    ...(commandApart(pending) ? ['', inline(language, '📄 完整命令在上面的消息里。', '📄 The whole command is in the message above.')] : detailLines(language, pending.detail)),
    '',
    speak(language, {
      zh: `点按钮回答，或回复 /approve ${code}（允许一次）、/always ${code}（以后始终允许这条完全相同的命令）、/deny ${code}（拒绝）；在群里请 @ 机器人。只有${who ? ` ${who} ` : '发起请求的人'}或审批人可以回答，${spokenDurationZh(ms)}内没有回答即拒绝。`,
      en: `Tap a button, or reply /approve ${code} (once), /always ${code} (this exact command from now on) or /deny ${code}; in a group, @mention the bot. Only ${who || 'the person who asked'} or an approver can answer; with no answer within ${spokenDuration(ms)} it is refused.`,
    }),
  ].join('\n');
  const buttons = (Object.keys(COMMANDS) as PermissionDecision[]).map((decision) => {
    const [zh, en] = BUTTONS[decision];
    return { decision, text: inline(language, zh, en), sends: `${COMMANDS[decision]} ${code}` };
  });
  // A title is a line in the conversation list: a long command is cut there, and shown whole in the text.
  const tool = cutMarked(pending.title, 60, () => '…');
  return { id: pending.id, title: `🔐 ${inline(language, `智能体请求使用 ${tool}`, `The agent asks to use ${tool}`)}`, text, buttons };
}

/** Whether the command is too long for the prompt, and goes whole (or as much as the chat holds) in messages before it. */
export const commandApart = (pending: PendingPermission): boolean => (pending.detail?.length ?? 0) > PROMPT_DETAIL_MAX_CHARS;

/** The command alone, for the messages before a prompt it is too long for. */
export function commandMessage(language: ChatLanguage, pending: PendingPermission): string {
  return [heading(language, pending), ...detailLines(language, pending.detail)].join('\n');
}

const DECIDED: Record<PermissionDecision, [zh: string, en: string]> = {
  allow_once: ['✅ 已允许一次', '✅ Allowed once'],
  allow_always: ['✅ 已始终允许这条命令', '✅ Always allowed (this exact command)'],
  deny: ['⛔ 已拒绝', '⛔ Denied'],
};

/** What became of a request, and who said so: the line its prompt ends with, or the message said after one that cannot change. */
export function approvalOutcome(language: ChatLanguage, answer: PermissionAnswer, timeoutMs: number): string {
  if (answer.decision === 'cancelled' && answer.by === 'timeout') {
    return speak(language, {
      zh: `⌛ 已过期：${spokenDurationZh(timeoutMs)}内没有人回答使用 ${answer.title} 的请求，已拒绝智能体。`,
      en: `⌛ Expired: nobody answered the request to use ${answer.title} within ${spokenDuration(timeoutMs)}, so the agent was told no.`,
    });
  }
  if (answer.decision === 'cancelled') {
    return speak(language, { zh: `⏹ 已撤回：还没有人回答，智能体就停止了使用 ${answer.title} 的请求。`, en: `⏹ Withdrawn: the agent stopped before anyone answered the request to use ${answer.title}.` });
  }
  const [zh, en] = DECIDED[answer.decision];
  const nick = answer.answerer?.nick;
  const where = nick
    ? { zh: `${nick} 在聊天中回答`, en: `answered by ${nick} in the chat` }
    : answer.by === 'cli'
      ? { zh: '在运行 Dingbridge 的电脑的命令行中回答', en: 'answered at the command line of the computer running Dingbridge' }
      : { zh: '在 Dingbridge 中回答', en: 'answered in the Dingbridge app' };
  return speak(language, { zh: `${zh}：${answer.title}（${where.zh}）`, en: `${en}: ${answer.title} (${where.en})` });
}

/** The settled prompt: its heading and the outcome, without buttons or ways to answer. */
export function settledPrompt(language: ChatLanguage, pending: PendingPermission, outcome: string): string {
  const detail = commandApart(pending) ? [] : detailLines(language, pending.detail);
  return [heading(language, pending), ...detail, '', outcome].join('\n');
}
