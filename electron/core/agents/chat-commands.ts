import type { AgentState } from './agent-state.js';
import type { BotSays } from './bot-says.js';
import type { PermissionMode } from './conversation-settings.js';
import type { PermissionDecision } from './permission-schema.js';
import type { ChatAnswer } from './permission-broker.js';

/** A slash command the bridge answers itself instead of passing it to the agent. */
export type LocalCommand =
  | { name: 'help' }
  | { name: 'clear' }
  | { name: 'status' }
  | { name: 'cancel' }
  | { name: 'approve' | 'always' | 'deny'; code?: string };

const ALIASES: Record<string, LocalCommand['name']> = {
  help: 'help',
  clear: 'clear',
  reset: 'clear',
  new: 'clear',
  status: 'status',
  cancel: 'cancel',
  stop: 'cancel',
  approve: 'approve',
  allow: 'approve',
  always: 'always',
  'approve-always': 'always',
  deny: 'deny',
  reject: 'deny',
};

/**
 * Recognises `/name`, `/name@bot` and `／name` (a full-width slash from Chinese keyboards) at the start of a
 * message. Anything else, including unknown slash commands, is for the agent.
 */
export function parseLocalCommand(text: string): LocalCommand | undefined {
  const match = text.trim().match(/^[/／]([a-z][\w-]*)(?:@\S+)?(?:\s+([0-9a-f]{6}))?\s*$/i);
  const name = match?.[1] ? ALIASES[match[1].toLowerCase()] : undefined;
  if (!name) return undefined;
  const code = match?.[2];
  // Only an answer names a request; a code after any other command is words for the agent.
  if (code) return name === 'approve' || name === 'always' || name === 'deny' ? { name, code } : undefined;
  return { name } as LocalCommand;
}

/** What a command needs of the session it was sent in. */
export interface CommandSession {
  /** The agent's own slash commands, as it last listed them. */
  agentCommands(): ReadonlyArray<{ name: string; description: string }>;
  /** Forgets the session; true when there was one. */
  clear(): boolean;
  /** Stops the running turn; true when one was running. */
  cancel(): boolean;
  busy: boolean;
  sessionActive: boolean;
  agentState: AgentState;
  folder: string;
  model?: string;
  permissions: PermissionMode;
  /** Answers the permission request waiting in the sender's conversation (the one `code` names), if the sender may. */
  answerInChat(decision: PermissionDecision, code?: string): ChatAnswer;
}

/** Does what the command asks, and says what became of it. */
export function answerCommand(command: LocalCommand, session: CommandSession): BotSays {
  switch (command.name) {
    case 'help':
      return { say: 'help', agentCommands: session.agentCommands() };
    case 'clear':
      return { say: session.clear() ? 'cleared' : 'nothing-to-clear' };
    case 'status': {
      const state = session.agentState;
      return {
        say: 'status',
        session: session.sessionActive ? 'active' : 'none',
        busy: session.busy,
        agent: {
          status: state.status,
          ...('agent' in state ? { agent: state.agent } : {}),
          ...(state.status === 'ready' && state.version ? { version: state.version } : {}),
          ...(state.status === 'needs-login' && state.login ? { login: state.login } : {}),
        },
        folder: session.folder,
        ...(session.model ? { model: session.model } : {}),
      };
    }
    case 'cancel':
      return { say: session.cancel() ? 'cancelled' : 'nothing-running' };
    case 'approve':
    case 'always':
    case 'deny': {
      if (session.permissions !== 'chat') return { say: 'answered-in-app' };
      const decision: PermissionDecision = command.name === 'approve' ? 'allow_once' : command.name === 'always' ? 'allow_always' : 'deny';
      const answer = session.answerInChat(decision, command.code);
      if (answer.result === 'none') return { say: 'nothing-waiting' };
      if (answer.result === 'not-yours') return { say: 'permission-not-yours', requesters: answer.requesters.map((person) => person.nick) };
      return { say: 'answered', decision, title: answer.pending.title };
    }
  }
}
