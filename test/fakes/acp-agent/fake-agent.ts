/**
 * A scripted ACP agent, run as a real subprocess by the tests. What it does in a turn is read from the prompt
 * text, one directive per line (after any "[nick] " speaker prefix):
 *   echo        answer with the prompt's text
 *   say: TEXT   answer TEXT
 *   chunks: N   answer in N chunks ("part 1 " … "part N ")
 *   tool: NAME  report a tool call NAME (pending → completed) before answering
 *   ask: TITLE  ask permission for a tool call TITLE and answer with the chosen option id
 *   run: CMD    the same for a tool call titled "Shell" whose input is CMD, as agents that name the tool ask
 *   slow: MS    wait MS before answering (stops early when cancelled)
 *   hang        never answer unless cancelled
 *   crash       exit with code 3 in the middle of the turn
 *   garbage     write a line that is not JSON to stdout
 *   images      answer with the mime types of the image blocks received
 *   blocks      answer with the prompt blocks as JSON
 *   child       start a long-running child process and answer with its pid
 *   env         answer with its environment, one NAME=value a line, sorted by name
 *   call: M     send the client a request M and answer "answered", or "refused CODE" with its error code
 *   notify: M   send the client a notification M
 *   send: TOOL PATH | CAPTION   call TOOL (send_file, send_image) of the session's "dingbridge" MCP server, as an
 *               agent does, and answer with the tool's text ("tool error: …" when it is an error); CAPTION optional
 *   picture: B64  answer with an ACP image block of PNG data B64
 *   link: URI   answer with an ACP resource_link block to URI
 * Start-up behaviour comes from FAKE_AGENT_MODE: `exit-at-start`, `garbage-at-start`, `auth` (advertises an
 * auth method and refuses sessions until authenticated), `no-load` (cannot load sessions), `images`
 * (accepts images), `closable` (can be told to close a session), `models` (offers a model choice as a session config option), `mute` (logs that it started,
 * prints a banner and never answers), `hang-session` (initializes, then never answers session/new). With `auth`,
 * FAKE_AGENT_LOGIN_FILE names a file whose existence counts as logged in, as a login done in a terminal
 * would. FAKE_AGENT_LOAD_GATE names a file session/load waits for before it answers, as an agent replaying a long
 * history is slow to. FAKE_AGENT_LOG names a file that gets one JSON line per request, for assertions. FAKE_AGENT_STDERR_ENV names
 * a variable the agent prints on stderr as it starts, NAME=value, as a chatty agent might. `--version` prints a version and exits, as the
 * real agents do when detection asks.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const mode = new Set((process.env.FAKE_AGENT_MODE ?? '').split(',').filter(Boolean));
const log = (entry: Record<string, unknown>) => {
  if (process.env.FAKE_AGENT_LOG) appendFileSync(process.env.FAKE_AGENT_LOG, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
};

if (process.argv.includes('--version')) {
  process.stdout.write('fake-agent 1.0.0\n');
  process.exit(0);
}
process.stderr.write(`fake agent ${process.pid} starting (args: ${process.argv.slice(2).join(' ')})\n`);
const printed = process.env.FAKE_AGENT_STDERR_ENV;
if (printed) process.stderr.write(`${printed}=${process.env[printed]}\n`);
if (mode.has('exit-at-start')) {
  process.stderr.write('fatal: the fake agent was told to exit at start\n');
  process.exit(2);
}
if (mode.has('mute')) {
  log({ method: 'started' });
  process.stdout.write('Interactive mode. Type your question:\n');
  setInterval(() => undefined, 60_000);
} else if (mode.has('garbage-at-start')) {
  process.stdout.write('Welcome! This is not JSON-RPC.\n');
  process.stderr.write('fake agent printed a banner on stdout\n');
}

const sessions = new Map<string, { cwd: string; cancelled: AbortController | undefined; announced?: boolean; mcpServers: acp.McpServer[] }>();

/** Calls a tool of the session's "dingbridge" MCP server the way an agent does: starts it, calls, stops it. */
async function callDingbridgeTool(servers: acp.McpServer[], cwd: string, tool: string, args: Record<string, string>): Promise<string> {
  const server = servers.find((candidate) => candidate.name === 'dingbridge');
  if (!server || !('command' in server)) return 'no dingbridge MCP server';
  const transport = new StdioClientTransport({ command: server.command, args: server.args, cwd, env: Object.fromEntries(server.env.map(({ name, value }) => [name, value])), stderr: 'inherit' });
  const mcp = new Client({ name: 'fake-agent', version: '1.0.0' });
  await mcp.connect(transport);
  try {
    const result = await mcp.callTool({ name: tool, arguments: args });
    const text = (result.content as Array<{ type: string; text?: string }>).map((block) => block.text ?? '').join('');
    return result.isError ? `tool error: ${text}` : text;
  } finally {
    await mcp.close();
  }
}
let authenticated = !mode.has('auth');
let nextSession = 1;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const app = acp
  .agent({ name: 'fake-agent' })
  .onRequest(acp.methods.agent.initialize, ({ params }) => {
    log({ method: 'initialize', params });
    return {
      protocolVersion: acp.PROTOCOL_VERSION,
      agentCapabilities: {
        loadSession: !mode.has('no-load'),
        promptCapabilities: { image: mode.has('images'), audio: false, embeddedContext: false },
        ...(mode.has('closable') ? { sessionCapabilities: { close: {} } } : {}),
      },
      authMethods: mode.has('auth') ? [{ id: 'fake-login', name: 'Fake login', description: 'Always works' }] : [],
      agentInfo: { name: 'fake-agent', version: '1.0.0' },
    };
  })
  .onRequest(acp.methods.agent.authenticate, ({ params }) => {
    log({ method: 'authenticate', params });
    authenticated = params.methodId === 'fake-login';
    return {};
  })
  .onRequest(acp.methods.agent.session.new, async ({ params }) => {
    log({ method: 'session/new', params });
    if (mode.has('hang-session')) await new Promise(() => undefined);
    const loggedIn = process.env.FAKE_AGENT_LOGIN_FILE !== undefined && existsSync(process.env.FAKE_AGENT_LOGIN_FILE);
    if (!authenticated && !loggedIn) throw acp.RequestError.authRequired();
    const sessionId = `fake-session-${process.pid}-${nextSession++}`;
    sessions.set(sessionId, { cwd: params.cwd, cancelled: undefined, mcpServers: params.mcpServers });
    if (!mode.has('models')) return { sessionId };
    return {
      sessionId,
      configOptions: [
        {
          id: 'model',
          name: 'Model',
          category: 'model',
          type: 'select' as const,
          currentValue: 'fake-small',
          options: [
            { value: 'fake-small', name: 'Fake Small' },
            { value: 'fake-large', name: 'Fake Large' },
          ],
        },
      ],
    };
  })
  .onRequest(acp.methods.agent.session.setConfigOption, ({ params }) => {
    log({ method: 'session/set_config_option', params });
    return { configOptions: [] };
  })
  .onRequest(acp.methods.agent.session.load, async ({ params }) => {
    log({ method: 'session/load', params });
    if (mode.has('no-load')) throw acp.RequestError.methodNotFound('session/load');
    const gate = process.env.FAKE_AGENT_LOAD_GATE;
    while (gate && !existsSync(gate)) await new Promise((resolve) => setTimeout(resolve, 10));
    sessions.set(params.sessionId, { cwd: params.cwd, cancelled: undefined, mcpServers: params.mcpServers });
    return {};
  })
  .onRequest(acp.methods.agent.session.close, ({ params }) => {
    log({ method: 'session/close', params });
    if (!mode.has('closable')) throw acp.RequestError.methodNotFound('session/close');
    sessions.delete(params.sessionId);
    return {};
  })
  .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
    log({ method: 'session/cancel', params });
    sessions.get(params.sessionId)?.cancelled?.abort();
  })
  .onRequest(acp.methods.agent.session.prompt, async ({ params, client }) => {
    log({ method: 'session/prompt', params });
    const session = sessions.get(params.sessionId);
    if (!session) throw acp.RequestError.resourceNotFound(params.sessionId);
    if (!session.announced) {
      session.announced = true;
      await client.notify(acp.methods.client.session.update, {
        sessionId: params.sessionId,
        update: {
          sessionUpdate: 'available_commands_update',
          availableCommands: [{ name: 'compress', description: 'Compress the conversation history' }],
        },
      });
    }
    const turn = new AbortController();
    session.cancelled = turn;
    const text = params.prompt
      .filter((block): block is acp.ContentBlock & { type: 'text' } => block.type === 'text')
      .map((block) => block.text)
      .join('\n');
    const say = (words: string) =>
      client.notify(acp.methods.client.session.update, {
        sessionId: params.sessionId,
        update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: words } },
      });
    let toolCounter = 0;
    for (const line of text.split('\n')) {
      if (turn.signal.aborted) break;
      // Group messages arrive as "[nick] text": the directive follows the speaker.
      const [directive = '', ...rest] = line.replace(/^\[[^\]]*\]\s*/, '').split(':');
      const argument = rest.join(':').trim();
      switch (directive.trim()) {
        case 'echo':
          await say(text);
          break;
        case 'say':
          await say(argument);
          break;
        case 'chunks':
          for (let i = 1; i <= Number(argument); i++) await say(`part ${i} `);
          break;
        case 'tool': {
          const toolCallId = `tool-${++toolCounter}`;
          await client.notify(acp.methods.client.session.update, {
            sessionId: params.sessionId,
            update: { sessionUpdate: 'tool_call', toolCallId, title: argument, kind: 'execute', status: 'pending' },
          });
          await client.notify(acp.methods.client.session.update, {
            sessionId: params.sessionId,
            update: { sessionUpdate: 'tool_call_update', toolCallId, status: 'completed' },
          });
          break;
        }
        case 'ask':
        case 'run': {
          const toolCallId = `tool-${++toolCounter}`;
          const title = directive.trim() === 'run' ? 'Shell' : argument;
          const answer = await client.request(
            acp.methods.client.session.requestPermission,
            {
              sessionId: params.sessionId,
              toolCall: { toolCallId, title, kind: 'execute', status: 'pending', rawInput: { command: argument } },
              options: [
                { optionId: 'allow', name: 'Allow once', kind: 'allow_once' },
                { optionId: 'always', name: 'Always allow', kind: 'allow_always' },
                { optionId: 'deny', name: 'Deny', kind: 'reject_once' },
              ],
            },
            { cancellationSignal: turn.signal, stopWaitingOnCancel: true },
          ).catch(() => ({ outcome: { outcome: 'cancelled' as const } }));
          await say(answer.outcome.outcome === 'selected' ? `permission: ${answer.outcome.optionId} ` : 'permission: cancelled ');
          break;
        }
        case 'slow':
          await sleep(Number(argument), turn.signal);
          break;
        case 'hang':
          await sleep(24 * 3600_000, turn.signal);
          break;
        case 'crash':
          process.stderr.write('fake agent: crashing as told\n');
          process.exit(3);
          break;
        case 'garbage':
          process.stdout.write('oops, this line is not JSON\n');
          break;
        case 'images':
          await say(
            params.prompt
              .filter((block) => block.type === 'image')
              .map((block) => (block.type === 'image' ? block.mimeType : ''))
              .join(',') || 'no images',
          );
          break;
        case 'child': {
          const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 3_600_000)'], { stdio: 'ignore' });
          await say(String(child.pid));
          break;
        }
        case 'blocks':
          await say(JSON.stringify(params.prompt));
          break;
        case 'call':
          await say(
            await client.request(argument, { sessionId: params.sessionId }).then(
              () => 'answered',
              (error: { code?: number }) => `refused ${error.code}`,
            ),
          );
          break;
        case 'notify':
          await client.notify(argument, { sessionId: params.sessionId });
          break;
        case 'send': {
          const [tool = '', ...words] = argument.split(' ');
          const [path = '', caption] = words.join(' ').split('|').map((part) => part.trim());
          await say(await callDingbridgeTool(session.mcpServers, session.cwd, tool, { path, ...(caption ? { caption } : {}) }));
          break;
        }
        case 'picture':
          await client.notify(acp.methods.client.session.update, {
            sessionId: params.sessionId,
            update: { sessionUpdate: 'agent_message_chunk', content: { type: 'image', mimeType: 'image/png', data: argument } },
          });
          break;
        case 'link':
          await client.notify(acp.methods.client.session.update, {
            sessionId: params.sessionId,
            update: { sessionUpdate: 'agent_message_chunk', content: { type: 'resource_link', uri: argument, name: argument.split('/').at(-1) ?? argument } },
          });
          break;
        case 'env':
          await say(
            Object.entries(process.env)
              .map(([name, value]) => `${name}=${value}`)
              .sort()
              .join('\n'),
          );
          break;
      }
    }
    session.cancelled = undefined;
    return { stopReason: turn.signal.aborted ? 'cancelled' : 'end_turn' };
  });

if (mode.has('mute')) await new Promise(() => undefined);
const connection = app.connect(
  acp.ndJsonStream(Writable.toWeb(process.stdout) as WritableStream<Uint8Array>, Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>),
);
await connection.closed;
process.exit(0);
