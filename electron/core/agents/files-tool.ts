import type * as acp from '@agentclientprotocol/sdk';

/** How to start the file tool's MCP server (dist/mcp/send-files.js) with a plain Node: the program and its arguments. */
export interface FilesToolLaunch {
  command: string;
  args: string[];
}

/**
 * The file tool as offered to an agent in `session/new`: the agent starts it, and it reaches this session's channel
 * through the file link with the session's own token. The names are the ones electron/mcp/send-files.ts reads.
 */
export function mcpServerFor(launch: FilesToolLaunch, link: string, token: string): acp.McpServerStdio {
  return {
    name: 'dingbridge',
    command: launch.command,
    args: [...launch.args],
    env: [
      { name: 'DINGBRIDGE_FILES_LINK', value: link },
      { name: 'DINGBRIDGE_FILES_TOKEN', value: token },
    ],
  };
}
