import type { ChatLanguage } from '../../chat/chat-language.js';
import type { BotSays } from '../../agents/bot-says.js';
import { AGENT_WORDS } from './agent-words.js';
import { COMMAND_WORDS } from './command-words.js';
import { FILE_WORDS } from './file-words.js';

/** What the agent side had the bot say, in words, in the chat's language. */
export function wordsOf(says: BotSays, language: ChatLanguage): string {
  switch (says.say) {
    case 'failed':
      return AGENT_WORDS.failed(language, says.failure);
    case 'empty':
      return AGENT_WORDS.empty(language, says.stopReason);
    case 'timed-out':
      return AGENT_WORDS.timedOut(language, says.ms);
    case 'session-lost':
      return AGENT_WORDS.sessionLost(language);
    case 'permission-not-yours':
      return AGENT_WORDS.permissionNotYours(language, says.requesters);
    case 'permission-timed-out':
      return AGENT_WORDS.permissionTimedOut(language, says.title, says.ms);
    case 'file-refused':
      return FILE_WORDS.refused(language, says.asked, says.reason, says.detail);
    case 'file-failed':
      return FILE_WORDS.failed(language, says.name, says.error);
    case 'help':
      return COMMAND_WORDS.help(language, says.agentCommands);
    case 'status':
      return COMMAND_WORDS.status(language, says);
    case 'answered':
      return COMMAND_WORDS.answered(language, says.decision, says.title);
    case 'cleared':
      return COMMAND_WORDS.cleared(language);
    case 'nothing-to-clear':
      return COMMAND_WORDS.nothingToClear(language);
    case 'cancelled':
      return COMMAND_WORDS.cancelled(language);
    case 'nothing-running':
      return COMMAND_WORDS.nothingRunning(language);
    case 'answered-in-app':
      return COMMAND_WORDS.answeredInApp(language);
    case 'nothing-waiting':
      return COMMAND_WORDS.nothingWaiting(language);
  }
}
