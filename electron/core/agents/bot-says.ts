import type * as acp from '@agentclientprotocol/sdk';
import type { PermissionDecision } from './permission-schema.js';
import type { FileRefusal } from '../chat/outgoing-file.js';

/** What `/status` tells of the agent. */
export interface AgentStatusLine {
  status: string;
  agent?: string;
  version?: string;
  /** The command that logs the agent in, when it needs a login. */
  login?: string;
}

/**
 * What the agent side has the bot say in the chat, as facts rather than words: the reply words it in the chat's
 * language (reply/words).
 */
export type BotSays =
  | { say: 'failed'; failure: unknown }
  | { say: 'empty'; stopReason: acp.StopReason | undefined }
  | { say: 'timed-out'; ms: number }
  | { say: 'session-lost' }
  | { say: 'permission-not-yours'; requesters: string[] }
  | { say: 'permission-timed-out'; title: string; ms: number }
  | { say: 'file-refused'; asked: string; reason: FileRefusal; detail: string }
  | { say: 'file-failed'; name: string; error: string }
  | { say: 'help'; agentCommands: ReadonlyArray<{ name: string; description: string }> }
  | { say: 'cleared' }
  | { say: 'nothing-to-clear' }
  | { say: 'status'; session: 'active' | 'none'; busy: boolean; agent: AgentStatusLine; folder: string; model?: string }
  | { say: 'cancelled' }
  | { say: 'nothing-running' }
  | { say: 'answered-in-app' }
  | { say: 'nothing-waiting' }
  | { say: 'answered'; decision: PermissionDecision; title: string };
