import { open, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../base/logger.js';
import type { DingTalkRestClient } from './rest-client.js';
import { deadline, type Deadline } from './deadline.js';
import { capped, exchange } from './exchange.js';
import type { ProxyRules } from './proxy-rules.js';
import { formatBytes } from './byte-size.js';
import { DingTalkError } from './errors.js';
import { DEFAULT_MAX_DOWNLOAD_MB, megabytes } from './download-limit.js';
import type { Attachment } from './envelope.js';
import { extensionForMime, numberedName, safeFileName } from './safe-file-name.js';
import { makePrivateFolder, PRIVATE_FILE_MODE } from '../../base/private-files.js';
import type { DownloadedFile } from '../../chat/downloaded-file.js';

const DownloadAnswer = z.looseObject({ downloadUrl: z.string().min(1) });

export interface MediaLimits {
  maxBytes: number;
  timeoutMs: number;
}

const MAX_REDIRECTS = 5;

export const DEFAULT_MEDIA_LIMITS: MediaLimits = { maxBytes: megabytes(DEFAULT_MAX_DOWNLOAD_MB), timeoutMs: 120_000 };

/** Fetches what users send (pictures, files, voice, video) into the channel's inbox folder. */
export class MediaDownloader {
  constructor(
    private readonly rest: DingTalkRestClient,
    private readonly robotCode: string,
    private readonly logger: Logger,
    private readonly limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
  ) {}

  async download(attachment: Attachment, inboxDir: string, signal?: AbortSignal): Promise<DownloadedFile> {
    const { downloadUrl } = await this.rest.call(
      '/v1.0/robot/messageFiles/download',
      { downloadCode: attachment.downloadCode, robotCode: this.robotCode },
      DownloadAnswer,
      { what: `the ${attachment.kind} download request`, signal },
    );
    const time = deadline(this.limits.timeoutMs, signal);
    try {
      return await this.#save(attachment, downloadUrl, inboxDir, time);
    } finally {
      time.release();
    }
  }

  async #save(attachment: Attachment, downloadUrl: string, inboxDir: string, time: Deadline): Promise<DownloadedFile> {
    const tooBig = () =>
      new DingTalkError(
        `The ${attachment.kind} is larger than the ${formatBytes(this.limits.maxBytes)} limit and was not saved.`,
        { kind: 'too-large' },
      );
    let response: IncomingMessage;
    try {
      response = await fetchFile(downloadUrl, time.signal, this.rest.proxy);
    } catch (error) {
      throw this.#failure(error, time, attachment);
    }
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      response.resume();
      throw new DingTalkError(`DingTalk could not serve the ${attachment.kind} (HTTP ${status}).`, {
        kind: status >= 500 ? 'server' : 'bad-request',
        status,
      });
    }
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > this.limits.maxBytes) {
      response.destroy();
      throw tooBig();
    }
    const mimeType = (response.headers['content-type'] ?? 'application/octet-stream').split(';')[0]?.trim() ?? '';
    const fallback = `${attachment.kind}-${Date.now()}${extensionForMime(mimeType)}`;
    let fileName = safeFileName(attachment.fileName, fallback);
    if (!/\.[^.]+$/.test(fileName)) fileName += extensionForMime(mimeType);

    // What people send is theirs and the operator's: no other user of this machine may list or read it.
    await makePrivateFolder(inboxDir);
    const { handle, path, name } = await createUnique(inboxDir, fileName);
    let bytes = 0;
    try {
      for await (const chunk of capped(response, this.limits.maxBytes, tooBig)) {
        bytes += chunk.byteLength;
        await handle.write(chunk);
      }
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw error instanceof DingTalkError ? error : this.#failure(error, time, attachment);
    }
    await handle.close();
    this.logger.info('Saved an inbound file', { kind: attachment.kind, fileName: name, bytes });
    return { path, fileName: name, mimeType: mimeType || 'application/octet-stream', bytes };
  }

  #failure(error: unknown, time: Deadline, attachment: Attachment): DingTalkError {
    if (error instanceof DingTalkError) return error;
    if (time.timedOut) {
      return new DingTalkError(
        `Downloading the ${attachment.kind} took longer than ${Math.round(this.limits.timeoutMs / 1000)} s and was stopped.`,
        { kind: 'timeout' },
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new DingTalkError(`Downloading the ${attachment.kind} failed: ${detail}.`, { kind: 'network' });
  }
}

/** The file's answer, its body still to be read, after the redirects fetch would have followed. */
async function fetchFile(url: string, signal: AbortSignal, proxy: ProxyRules): Promise<IncomingMessage> {
  for (let redirects = 0; ; redirects++) {
    const response = await exchange(url, { method: 'GET', headers: {}, signal, proxy });
    const location = response.headers.location;
    const status = response.statusCode ?? 0;
    if (status < 300 || status >= 400 || !location) return response;
    response.resume();
    if (redirects >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    url = new URL(location, url).href;
  }
}

/** Creates the file exclusively, numbering the name until it is free, so nothing is ever overwritten. */
async function createUnique(dir: string, fileName: string) {
  for (let n = 1; ; n++) {
    const name = n === 1 ? fileName : numberedName(fileName, n);
    const path = join(dir, name);
    try {
      return { handle: await open(path, 'wx', PRIVATE_FILE_MODE), path, name };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw error;
    }
  }
}
