import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { filesServer } from './files-server.js';
import { sendThroughLink } from './link-client.js';

// The file tool an agent starts for its Dingbridge session (offered in ACP `session/new`). Dingbridge gives it the
// link to call and this session's token; stdout carries only MCP, so anything else goes to stderr.

function fail(message: string): never {
  process.stderr.write(`dingbridge send-files: ${message}\n`);
  process.exit(2);
}

const link = process.env.DINGBRIDGE_FILES_LINK;
const token = process.env.DINGBRIDGE_FILES_TOKEN;
if (!link || !token) {
  fail('DINGBRIDGE_FILES_LINK and DINGBRIDGE_FILES_TOKEN must both be set. This MCP server is started by an agent that Dingbridge runs, which passes them; it does nothing on its own.');
}
if (!URL.canParse(link)) fail(`DINGBRIDGE_FILES_LINK is not a URL: ${link}`);

await filesServer((request) => sendThroughLink(link, token, request)).connect(new StdioServerTransport());
