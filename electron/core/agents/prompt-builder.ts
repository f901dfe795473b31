import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type * as acp from '@agentclientprotocol/sdk';
import type { SavedFile, TurnInput } from './turn-input.js';

export interface PromptContext {
  /** The channel's instructions, given on a session's first turn only. */
  instructions?: string;
  firstTurn: boolean;
  /** The agent said it takes image blocks; otherwise images go as saved files. */
  acceptsImages: boolean;
  /** The turn replaces one the user interrupted. */
  steered?: boolean;
  /** Larger images are passed by path: a huge base64 block would choke the pipe for every later message. */
  maxInlineImageBytes?: number;
}

export const STEER_NOTE =
  '[The user sent a new message while you were working. Their previous request has been cancelled.]';
const MAX_QUOTE_CHARS = 500;
const FILE_WORDS: Record<SavedFile['kind'], string> = { image: 'an image', file: 'a file', audio: 'a voice message', video: 'a video' };

/**
 * The ACP prompt for one turn: instructions on a session's first turn, a steer note when the user interrupted,
 * then each message (several when queued messages are collected) with its sender in groups, its quote, and its
 * files: images as image blocks when the agent takes them, everything else as a link plus its saved path.
 */
export async function buildPrompt(turns: TurnInput[], context: PromptContext): Promise<acp.ContentBlock[]> {
  const images: acp.ContentBlock[] = [];
  const links: acp.ContentBlock[] = [];
  const paragraphs: string[] = [];
  if (context.firstTurn && context.instructions?.trim()) paragraphs.push(context.instructions.trim());
  if (context.steered) paragraphs.push(STEER_NOTE);
  for (const turn of turns) {
    const lines: string[] = [];
    if (turn.quoted?.text) {
      const quote = turn.quoted.text.length > MAX_QUOTE_CHARS ? `${turn.quoted.text.slice(0, MAX_QUOTE_CHARS)}…` : turn.quoted.text;
      const who = turn.quoted.senderNick ? ` ${turn.quoted.senderNick}` : '';
      lines.push(`[Replying to${who}: "${quote}"]`);
    }
    const speaker = turn.conversationType === 'group' ? `[${turn.senderNick}] ` : '';
    if (turn.text.trim()) lines.push(`${speaker}${turn.text.trim()}`);
    for (const file of turn.files ?? []) {
      const inline = file.kind === 'image' && context.acceptsImages ? await imageBlock(file, context.maxInlineImageBytes) : undefined;
      if (inline) {
        images.push(inline);
        continue;
      }
      links.push({ type: 'resource_link', uri: pathToFileURL(file.path).href, name: file.fileName, mimeType: file.mimeType });
      lines.push(`${speaker}User sent ${FILE_WORDS[file.kind]} "${file.fileName}". It has been saved to: ${file.path}`);
    }
    if (lines.length) paragraphs.push(lines.join('\n\n'));
  }
  return [...images, { type: 'text', text: paragraphs.join('\n\n') }, ...links];
}

async function imageBlock(file: SavedFile, maxBytes = 10 * 1024 * 1024): Promise<acp.ContentBlock | undefined> {
  const info = await stat(file.path).catch(() => undefined);
  if (!info || info.size > maxBytes) return undefined;
  const data = await readFile(file.path);
  const mimeType = file.mimeType.startsWith('image/') ? file.mimeType : 'image/png';
  return { type: 'image', data: data.toString('base64'), mimeType };
}
