import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A function the model asks the agent to call, as OpenAI puts it in an assistant message. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: string;
  content: unknown;
  /** On an assistant message: the calls the model asked for. */
  tool_calls?: ToolCall[];
  /** On a `tool` message: the call whose result it carries. */
  tool_call_id?: string;
}

/** A tool the agent offers the model, as it sends it in the request's `tools`. */
export interface OfferedTool {
  type: string;
  function?: { name: string; description?: string; parameters?: unknown };
}

export interface LlmRequest {
  path: string;
  model?: string;
  stream: boolean;
  messages: ChatMessage[];
  /** The tools the agent offered with this request (none when it offered none). */
  tools: OfferedTool[];
  at: number;
}

/** A call the fake model makes: a tool's name and its arguments (an object, sent as JSON, or JSON text as it is). */
export interface LlmToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
}

/** What the fake model answers: words, or calls for tools (with any words before them). */
export type LlmAnswer = string | { text?: string; toolCalls: LlmToolCall[] };

/** What the fake model says to a conversation; by default it repeats the last user words. */
export type Responder = (messages: ChatMessage[], request: LlmRequest) => LlmAnswer;

export const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
};

export const lastUserText = (messages: ChatMessage[]): string =>
  textOf([...messages].reverse().find((message) => message.role === 'user')?.content);

/** The names of the tools offered with a request. */
export const toolNames = (request: LlmRequest): string[] => request.tools.flatMap((tool) => (tool.function?.name ? [tool.function.name] : []));

/** The results of tool calls the agent sends back (`tool` messages), in order, with the name of the tool called. */
export function toolResults(messages: ChatMessage[]): Array<{ callId: string; name?: string; text: string }> {
  const names = new Map(messages.flatMap((message) => message.tool_calls ?? []).map((call) => [call.id, call.function.name]));
  return messages
    .filter((message) => message.role === 'tool')
    .map((message) => ({ callId: message.tool_call_id ?? '', name: names.get(message.tool_call_id ?? ''), text: textOf(message.content) }));
}

/**
 * An OpenAI-compatible chat completions server on loopback, streaming (SSE) or not, that answers every request
 * from a scripted responder and records what it was asked. Real agents (Qwen Code) run against it offline.
 */
export class FakeLlm {
  readonly requests: LlmRequest[] = [];
  readonly unknownPaths: string[] = [];
  responder: Responder = (messages) => `You said: ${lastUserText(messages).trim().split('\n').at(-1) ?? ''}`;
  /** How long the model takes before it answers, as a real one would. */
  answerDelayMs = 0;
  /** How long it takes over each word of a streamed answer, as a real one writes. */
  wordDelayMs = 0;
  #calls = 0;
  readonly #server: Server = createServer((req, res) => void this.#handle(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The base URL an OpenAI client is given (ends in /v1). */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v1`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && path.endsWith('/models')) {
      json(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'fake' }] });
      return;
    }
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      this.unknownPaths.push(`${req.method} ${path}`);
      json(res, 404, { error: { message: `no route ${path}`, type: 'invalid_request_error' } });
      return;
    }
    let body: { model?: string; stream?: boolean; messages?: ChatMessage[]; tools?: OfferedTool[] };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      json(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
      return;
    }
    const request: LlmRequest = { path, model: body.model, stream: body.stream === true, messages: body.messages ?? [], tools: body.tools ?? [], at: Date.now() };
    this.requests.push(request);
    if (this.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs));
    let said: LlmAnswer;
    try {
      said = this.responder(request.messages, request);
    } catch (error) {
      // A responder that cannot answer (a test's own check failing) answers as a broken model would, and says why.
      json(res, 500, { error: { message: `fake model: ${error instanceof Error ? error.message : String(error)}`, type: 'server_error' } });
      return;
    }
    const answer = typeof said === 'string' ? said : (said.text ?? '');
    const calls: ToolCall[] = (typeof said === 'string' ? [] : said.toolCalls).map((call) => ({
      id: `call_${++this.#calls}`,
      type: 'function',
      function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
    }));
    const finish = calls.length > 0 ? 'tool_calls' : 'stop';
    const id = `chatcmpl-${this.requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'fake-model';
    const usage = { prompt_tokens: 10, completion_tokens: answer.length, total_tokens: 10 + answer.length };
    if (!body.stream) {
      const message = { role: 'assistant', content: calls.length > 0 && !answer ? null : answer, ...(calls.length > 0 ? { tool_calls: calls } : {}) };
      json(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finish }], usage });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = (delta: unknown, finishReason: string | null = null, extra = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`);
    send({ role: 'assistant', content: '' });
    const words = answer ? (answer.match(/\S+\s*/g) ?? [answer]) : [];
    for (const word of words) {
      send({ content: word });
      if (this.wordDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.wordDelayMs));
    }
    // As OpenAI streams a call: its id and name first, then its arguments in pieces.
    for (const [index, call] of calls.entries()) {
      send({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
      const { arguments: args } = call.function;
      const half = Math.ceil(args.length / 2);
      for (const piece of [args.slice(0, half), args.slice(half)]) if (piece) send({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
    send({}, finish, { usage });
    res.end('data: [DONE]\n\n');
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
