import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { LinkTokens, type IssuedToken } from './link-tokens.js';

/** What the agent's file tool asks for: one file or picture, sent to the conversation its session answers. */
export const FileToolRequestSchema = z.strictObject({
  tool: z.enum(['send_file', 'send_image']),
  path: z.string().min(1).max(4096),
  caption: z.string().max(4000).optional(),
});
export type FileToolRequest = z.infer<typeof FileToolRequestSchema>;

/** What the tool tells the agent: `text` is shown to it either way, so it says what happened in words. */
export interface FileToolAnswer {
  ok: boolean;
  text: string;
}

/** Does what a session's tool asked; `ref` is what the caller passed to `issue` for that session. */
export type FileToolHandler = (ref: string, request: FileToolRequest) => Promise<FileToolAnswer>;

const MAX_BODY_BYTES = 64 * 1024;

class Refusal extends Error {
  constructor(readonly status: number, text: string) {
    super(text);
  }
}

function answer(response: ServerResponse, status: number, body: FileToolAnswer): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

function bearer(request: IncomingMessage): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
}

const isJson = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** The body, or a refusal once it grows past the cap; what is left of a refused one is read and dropped. */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else {
        request.off('data', onData);
        request.resume();
        reject(new Refusal(413, `The request is larger than ${MAX_BODY_BYTES} bytes.`));
      }
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

/**
 * The loopback link the agents' file tool (electron/mcp/send-files.ts) calls to send a file to the chat. Any local
 * user and any web page can reach a loopback port, so everything but a request from a tool holding a live session
 * token is refused from its headers alone: browsers by their Origin header and by a Host that is not this link's
 * own (DNS rebinding), everyone else by the token, all before the body is read.
 */
export class FileLink {
  readonly #tokens = new LinkTokens();
  readonly #server: Server;
  #port: number | undefined;

  constructor(private readonly handler: FileToolHandler) {
    this.#server = createServer((request, response) => {
      this.#serve(request, response).catch((error: unknown) => {
        const refusal = error instanceof Refusal ? error : new Refusal(500, `The link failed: ${String(error)}`);
        // Nothing unread may keep the connection for the next request.
        response.setHeader('Connection', 'close');
        answer(response, refusal.status, { ok: false, text: refusal.message });
      });
    });
    // The bodies are tiny: one that trickles in is holding a connection open, not sending a request.
    this.#server.requestTimeout = 30_000;
  }

  /** `http://127.0.0.1:<port>`, once started. */
  get url(): string {
    if (this.#port === undefined) throw new Error('The file link has not been started.');
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** A token for one session's tool; requests with it reach the handler with `ref`, until it is revoked. */
  issue(ref: string): IssuedToken {
    return this.#tokens.issue(ref);
  }

  /** Stops listening and drops the open connections, tools waiting on an answer included. */
  async close(): Promise<void> {
    this.#tokens.clear();
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers.origin !== undefined) throw new Refusal(403, 'Requests from web pages are refused.');
    const host = request.headers.host?.toLowerCase();
    if (host !== `127.0.0.1:${this.#port}` && host !== `localhost:${this.#port}`) throw new Refusal(403, 'The Host header does not name this link.');
    if (request.url !== '/send') throw new Refusal(404, 'The link answers only /send.');
    if (request.method !== 'POST') throw new Refusal(405, 'The link takes only POST.');
    const token = bearer(request);
    const ref = token === undefined ? undefined : this.#tokens.refOf(token);
    if (ref === undefined) throw new Refusal(401, 'The link did not accept the token: the session it was given to has ended, or it was never valid.');
    if (!isJson(request.headers['content-type'])) throw new Refusal(415, 'The link takes only application/json.');
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new Refusal(413, `The request is larger than ${MAX_BODY_BYTES} bytes.`);
    const body = FileToolRequestSchema.safeParse(parseJson(await readBody(request)));
    if (!body.success) throw new Refusal(400, `The request is not one the link takes: ${z.prettifyError(body.error)}`);
    answer(response, 200, await this.#handle(ref, body.data));
  }

  /** A handler that throws has still not sent the file: the agent is told so, in its words. */
  async #handle(ref: string, request: FileToolRequest): Promise<FileToolAnswer> {
    try {
      return await this.handler(ref, request);
    } catch (error) {
      return { ok: false, text: `Dingbridge could not send it: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(400, 'The body is not JSON.');
  }
}
