import { randomBase64, randomHex } from './http-util.js';

export interface Media {
  bytes: Buffer;
  mimeType: string;
  fileName?: string;
  /** Served without Content-Length, i.e. chunked. */
  chunked: boolean;
  delayMs: number;
}

/** Media a user "sent": downloadCodes resolve to short-lived file URLs, as with the real messageFiles API. */
export class MediaStore {
  private readonly byCode = new Map<string, Media>();
  private readonly byFileToken = new Map<string, Media>();

  add(media: Media): string {
    const code = `mIof${randomBase64(24).replace(/[+/=]/g, '')}`;
    this.byCode.set(code, media);
    return code;
  }

  /** A fresh file token for the code, or undefined for an unknown code. */
  fileTokenFor(downloadCode: string): string | undefined {
    const media = this.byCode.get(downloadCode);
    if (!media) return undefined;
    const token = randomHex(16);
    this.byFileToken.set(token, media);
    return token;
  }

  file(token: string): Media | undefined {
    return this.byFileToken.get(token);
  }
}
