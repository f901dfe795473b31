import type * as acp from '@agentclientprotocol/sdk';
import type { ToolNews, TurnReply } from './turn-reply.js';
import type { FileRequest } from './file-request.js';

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
      case 'agent_message_chunk': {
        const { content } = update;
        if (content.type === 'text') reply.append(content.text);
        else {
          const request = fileRequestOf(content);
          if (request) void reply.file?.(request);
        }
        break;
      }
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

/**
 * A picture or file the agent put in its answer as ACP content, as a request to send it: a picture's data, or a
 * link to a file (`file://`). Anything else in the answer that is not text has no place in a chat message.
 */
function fileRequestOf(content: acp.ContentBlock): FileRequest | undefined {
  if (content.type === 'image') {
    if (content.uri?.startsWith('file:')) return { asked: content.uri, want: 'image', via: 'content' };
    return { asked: `a ${content.mimeType} picture`, want: 'image', via: 'content', data: { base64: content.data, mimeType: content.mimeType } };
  }
  if (content.type === 'resource_link' && content.uri.startsWith('file:')) return { asked: content.uri, want: 'any', via: 'content' };
  if (content.type === 'resource' && content.resource.uri.startsWith('file:')) return { asked: content.resource.uri, want: 'any', via: 'content' };
  return undefined;
}
