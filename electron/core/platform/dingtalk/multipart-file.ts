import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A `multipart/form-data` body holding one file, streamed from disk, its length known beforehand. */
export interface MultipartFile {
  contentType: string;
  length: number;
  writeTo(destination: Writable): Promise<void>;
}

/** Quotes a file name for a Content-Disposition header; a quote or line break in it could end the header early. */
const quotedName = (name: string) => `"${name.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c))}"`;

export async function multipartFile(field: string, path: string, fileName: string): Promise<MultipartFile> {
  const boundary = `----dingbridge${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename=${quotedName(fileName)}\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(path);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + size + tail.length,
    async writeTo(destination) {
      destination.write(head);
      await pipeline(createReadStream(path), destination, { end: false });
      destination.end(tail);
    },
  };
}
