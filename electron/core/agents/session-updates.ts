import type * as acp from '@agentclientprotocol/sdk';
import type { ToolNews, TurnReply } from './turn-reply.js';

/**
 * Passes a turn's ACP updates on to its reply: the agent's words as they stream, and one line per tool call (and
 * per failed one), which `onTool` also hears for the log.
 */
export function forwardUpdates(reply: TurnReply, onTool: (news: ToolNews) => void): (update: acp.SessionUpdate) => void {
  const tools = new Map<string, string>();
  const tell = (news: ToolNews) => {
    onTool(news);
    reply.tool(news);
  };
  return (update) => {
    switch (update.sessionUpdate) {
      case 'agent_message_chunk':
        if (update.content.type === 'text') reply.append(update.content.text);
        break;
      case 'tool_call': {
        const title = update.title || update.kind || 'a tool';
        tools.set(update.toolCallId, title);
        tell({ line: `🔧 ${title}`, status: 'started' });
        break;
      }
      case 'tool_call_update':
        if (update.status === 'failed') tell({ line: `⚠️ ${update.title ?? tools.get(update.toolCallId) ?? 'a tool'} failed`, status: 'failed' });
        break;
      default:
        break;
    }
  };
}
