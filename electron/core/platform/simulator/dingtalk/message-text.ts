import { isRecord } from './http-util.js';

/** text.content, markdown.text, sampleText.content, sampleMarkdown.text …: whichever field the message kind uses. */
export function textOf(content: unknown): string {
  if (!isRecord(content)) return '';
  if (typeof content.content === 'string') return content.content;
  if (typeof content.text === 'string') return content.text;
  return '';
}
