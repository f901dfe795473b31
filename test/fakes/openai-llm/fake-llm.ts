import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
  role: string;
  content: unknown;
}

export interface LlmRequest {
  path: string;
  model?: string;
  stream: boolean;
  messages: ChatMessage[];
  at: number;
}

/** What the fake model says to a conversation; by default it repeats the last user words. */
export type Responder = (messages: ChatMessage[]) => string;

const textOf = (content: unknown): string => {
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
    let body: { model?: string; stream?: boolean; messages?: ChatMessage[] };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      json(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
      return;
    }
    const messages = body.messages ?? [];
    this.requests.push({ path, model: body.model, stream: body.stream === true, messages, at: Date.now() });
    if (this.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs));
    const answer = this.responder(messages);
    const id = `chatcmpl-${this.requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'fake-model';
    const usage = { prompt_tokens: 10, completion_tokens: answer.length, total_tokens: 10 + answer.length };
    if (!body.stream) {
      json(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
        usage,
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    const words = answer.match(/\S+\s*/g) ?? [answer];
    send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const word of words) {
      send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] });
      if (this.wordDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.wordDelayMs));
    }
    send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage });
    res.end('data: [DONE]\n\n');
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
