import { randomBase64 } from './http-util.js';
import type { UploadType } from './upload-rules.js';

export interface StoredUpload {
  mediaId: string;
  /** The app whose token uploaded it: only that app may send it. */
  clientId: string;
  type: UploadType;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  createdAt: number;
}

/** What `media/upload` took, by media id. DingTalk never expires a media id, so neither does the store. */
export class UploadStore {
  readonly #byMediaId = new Map<string, StoredUpload>();
  /** HTTP statuses of the uploads that are to fail next, oldest first. */
  readonly #failing: number[] = [];

  add(upload: Omit<StoredUpload, 'mediaId' | 'createdAt'>): StoredUpload {
    const stored = { ...upload, mediaId: `@lA${randomBase64(30).replace(/[+/=]/g, '')}`, createdAt: Date.now() };
    this.#byMediaId.set(stored.mediaId, stored);
    return stored;
  }

  get(mediaId: string): StoredUpload | undefined {
    return this.#byMediaId.get(mediaId);
  }

  /** The upload when this app made it: another app's media id is as unknown to DingTalk as a made-up one. */
  ofApp(mediaId: string, clientId: string): StoredUpload | undefined {
    const upload = this.#byMediaId.get(mediaId);
    return upload?.clientId === clientId ? upload : undefined;
  }

  /** The next `times` uploads fail with "system busy", answered with this HTTP status. */
  failNext(times: number, status: number): void {
    for (let i = 0; i < times; i++) this.#failing.push(status);
  }

  /** The HTTP status to fail this upload with, when one is to fail. */
  takeFailure(): number | undefined {
    return this.#failing.shift();
  }
}
