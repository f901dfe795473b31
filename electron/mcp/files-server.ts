import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { FileTool, LinkAnswer, SendRequest } from './link-client.js';

const RULES =
  'The file arrives in the DingTalk conversation the current message came from, and nowhere else. Only files inside ' +
  'the working folder can be sent (a path relative to the working folder, or an absolute path inside it; links that ' +
  'lead outside it are refused), and only up to 20 MB. The result says whether it was sent; if not, it says why.';

const input = {
  path: z.string().min(1).describe('The file: relative to the working folder, or an absolute path inside it.'),
  caption: z.string().optional().describe('A short message to send with it, to say what it is.'),
};

/**
 * The `dingbridge` MCP server: a tool for a file and one for a picture, each handing the request to `send` and giving
 * the agent its words back, as an error when nothing was sent.
 */
export function filesServer(send: (request: SendRequest) => Promise<LinkAnswer>): McpServer {
  // The version of these tools and the link they call, which the app's own releases need not change.
  const server = new McpServer({ name: 'dingbridge', version: '1.0.0' });
  const tool = (name: FileTool, title: string, description: string) =>
    server.registerTool(name, { title, description, inputSchema: input }, async ({ path, caption }) => {
      const answer = await send({ tool: name, path, ...(caption === undefined ? {} : { caption }) });
      return { content: [{ type: 'text', text: answer.text }], ...(answer.ok ? {} : { isError: true }) };
    });
  tool(
    'send_file',
    'Send a file to the chat',
    'Send a file from the working folder to the DingTalk conversation you are answering, for the person to download. ' +
      `${RULES} A file of a type DingTalk does not take as it is goes zipped. Use send_image instead for a picture to ` +
      'show in the chat.',
  );
  tool(
    'send_image',
    'Send a picture to the chat',
    'Send a picture from the working folder to the DingTalk conversation you are answering, shown in the chat. ' +
      `${RULES} Only jpg, png, gif and bmp pictures; send any other file with send_file.`,
  );
  return server;
}
