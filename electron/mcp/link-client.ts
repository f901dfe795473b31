import { request as httpRequest } from 'node:http';
import { z } from 'zod';

export type FileTool = 'send_file' | 'send_image';

/** One call of a tool, as the link takes it. */
export interface SendRequest {
  tool: FileTool;
  path: string;
  caption?: string;
}

/** What Dingbridge made of the request, in words meant for the agent. */
export interface LinkAnswer {
  ok: boolean;
  text: string;
}

const LinkAnswerSchema = z.object({ ok: z.boolean(), text: z.string() });

const unreachable = (why: string): LinkAnswer => ({
  ok: false,
  text: `The file was not sent: Dingbridge could not be reached (${why}). It may have stopped or restarted since this session began.`,
});

/**
 * Asks the Dingbridge that started this agent, over its loopback file link, to send a file to the conversation. A link
 * that cannot be reached or answers nonsense is an answer too, so the agent learns the file did not go. Plain
 * node:http rather than fetch: an upload to DingTalk may take longer than fetch waits for an answer.
 */
export function sendThroughLink(link: string, token: string, request: SendRequest): Promise<LinkAnswer> {
  const body = JSON.stringify(request);
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      `${link.replace(/\/+$/, '')}/send`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => resolve(unreachable(error.message)));
        response.on('end', () => {
          let answer: unknown;
          try {
            answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            answer = undefined;
          }
          const parsed = LinkAnswerSchema.safeParse(answer);
          resolve(parsed.success ? parsed.data : { ok: false, text: `The file was not sent: Dingbridge answered with HTTP ${response.statusCode} and nothing this tool understands.` });
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve(unreachable(error.code ?? error.message)));
    outgoing.end(body);
  });
}
