import type { FileSource, OutgoingKind } from '../chat/outgoing-file.js';

/** The agent asks for one of its files to go to the conversation it is answering. */
export interface FileRequest {
  /** The path as the agent gave it: relative to the working folder, absolute, or a file:// URL. */
  asked: string;
  /** `image`: it must show as a picture; `any`: as a picture when it is one, else as a file. */
  want: OutgoingKind | 'any';
  via: FileSource;
  /** Words to go with it, sent after it. */
  caption?: string;
  /** A picture the agent sent as data rather than as a file: `asked` then only names it. */
  data?: { base64: string; mimeType: string };
}

/** What the agent is told of its request: whether the file went (or waits to go), and in words. */
export interface FileAnswer {
  ok: boolean;
  text: string;
}
