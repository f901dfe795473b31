import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, realpath, rm, rmdir, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Zip, ZipDeflate } from 'fflate';
import type { FileRefusal, FileRules, OutgoingFile, OutgoingKind } from '../chat/outgoing-file.js';

export interface OutgoingOptions {
  /** The agent's folder: nothing outside it may be sent. */
  cwd: string;
  rules: FileRules;
  /** Where zips are made, each in a folder of its own. */
  scratchDir: string;
}

export type Refused = { ok: false; reason: FileRefusal; detail: string };
export type PreparedFile = { ok: true; file: OutgoingFile } | Refused;

/**
 * A source this many times the platform's limit is refused without zipping: text shrinks about that much, and
 * compressing gigabytes to find out would stall the reply.
 */
const MOST_ZIP_SHRINKS = 4;
const CHUNK_BYTES = 1024 * 1024;
const SCRATCH_PREFIX = 'outgoing-';
const SCRATCH_KEEP_MS = 24 * 60 * 60 * 1000;
const MB = 1024 * 1024;
// No following a link put in the file's place, and no waiting for a writer should a pipe be. Windows has neither
// flag; there the dev/ino comparison after opening is the guard.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Checks a file an agent asked to send and readies it for the chat. The agent follows what chat users tell it, so the
 * file must lie inside its folder once every link is resolved.
 *
 * `want: 'file'` never sends a picture as a picture: it goes as a file when the platform takes its extension as one,
 * zipped otherwise, the same as any type the platform does not know.
 *
 * Throws only when reading the opened file or writing the zip to `scratchDir` fails.
 */
export async function prepareOutgoingFile(asked: string, want: OutgoingKind | 'any', options: OutgoingOptions): Promise<PreparedFile> {
  const found = await resolveInside(asked, options.cwd);
  if (!found.ok) return found;
  const { real, stats } = found;
  const name = basename(real);
  const ext = extname(name).slice(1).toLowerCase();
  const { rules } = options;

  const kind = want !== 'file' && rules.images.includes(ext) ? 'image' : rules.files.includes(ext) ? 'file' : 'zip';
  if (want === 'image' && kind !== 'image') {
    return refuse('not-an-image', `${name} is not a picture; pictures are ${rules.images.join(', ')}`);
  }
  const limit = rules.maxBytes[kind === 'image' ? 'image' : 'file'];
  const allowed = `the ${size(limit)} ${kind === 'image' ? 'a picture' : 'a file'} may be`;
  if (kind !== 'zip' && stats.size > limit) return refuse('too-large', `${name} is ${size(stats.size)}, more than ${allowed}`);
  if (kind === 'zip' && stats.size > limit * MOST_ZIP_SHRINKS) {
    return refuse('too-large', `${name} is ${size(stats.size)}; even zipped it would not fit in ${allowed}`);
  }

  const opened = await openChecked(real, stats);
  if (!opened.ok) return opened;
  try {
    if (kind !== 'zip') {
      const hashed = await hashUpTo(opened.handle, limit);
      if (hashed.bytes > limit) return refuse('too-large', `${name} grew past ${allowed} while being read`);
      return { ok: true, file: { path: real, name, kind, fileType: ext, ...hashed, source: real, zipped: false } };
    }
    const zipped = await zipUpTo(opened.handle, name, limit);
    if (!zipped) return refuse('too-large', `${name} is ${size(stats.size)}, and zipped it is still more than ${allowed}`);
    const path = await writeScratch(options.scratchDir, `${name}.zip`, zipped.chunks);
    return { ok: true, file: { path, name: basename(path), kind: 'file', fileType: 'zip', bytes: zipped.bytes, sha256: zipped.sha256, source: real, zipped: true } };
  } finally {
    await opened.handle.close();
  }
}

/**
 * Deletes the zip made for a file once it is sent or given up; the agent's own file is never touched. Never rejects:
 * callers do not wait for it, and a zip it could not delete goes with cleanScratch a day later.
 */
export async function removeScratch(file: OutgoingFile): Promise<void> {
  if (!file.zipped) return;
  await rm(file.path, { force: true }).catch(() => undefined);
  // Not recursive: a folder holding anything but the zip is not one this module made.
  await rmdir(dirname(file.path)).catch(() => undefined);
}

/**
 * Removes zips left by sends that never finished (a crash, a quit mid-upload), older than a day so that a send under
 * way keeps its own. Only folders this module made are touched, whatever else shares `scratchDir`.
 * Returns how many folders went.
 */
export async function cleanScratch(scratchDir: string, now = Date.now()): Promise<number> {
  const entries = await readdir(scratchDir, { withFileTypes: true }).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  });
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(SCRATCH_PREFIX)) continue;
    const folder = join(scratchDir, entry.name);
    const stats = await lstat(folder).catch(() => null);
    if (!stats || now - stats.mtimeMs < SCRATCH_KEEP_MS) continue;
    await rm(folder, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

type Resolved = { ok: true; real: string; stats: Stats } | Refused;

async function resolveInside(asked: string, cwd: string): Promise<Resolved> {
  let root: string;
  try {
    root = await realpath(cwd);
  } catch (error) {
    return refuse('unreadable', `the agent's folder ${cwd} cannot be opened (${errorCode(error)})`);
  }
  let target = asked;
  if (/^file:/i.test(asked)) {
    try {
      target = fileURLToPath(asked);
    } catch {
      return refuse('not-found', `${asked} is not a file URL on this machine`);
    }
  }
  if (!target) return refuse('not-found', 'no file was named');
  const candidate = resolve(cwd, target);

  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    // Whether something exists outside the folder is not the agent's to learn.
    if (!isInside(root, candidate) && !isInside(resolve(cwd), candidate)) return outside(candidate, candidate, root);
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('not-found', `no file at ${candidate}`);
    return refuse('unreadable', `${candidate} cannot be resolved (${code})`);
  }
  if (real === root) return refuse('not-a-file', `${real} is the agent's folder itself`);
  if (!isInside(root, real)) return outside(candidate, real, root);

  const stats = await lstat(real).catch(() => null);
  if (!stats) return refuse('not-found', `${real} went away while being checked`);
  if (stats.isDirectory()) return refuse('not-a-file', `${real} is a folder`);
  if (!stats.isFile()) return refuse('not-a-file', `${real} is not a regular file (a device, pipe or socket)`);
  return { ok: true, real, stats };
}

/** True for a path under `folder`, not the folder itself; `..name` is a name, not a way up. */
function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function outside(candidate: string, real: string, root: string): Refused {
  const where = candidate === real ? real : `${candidate}, which leads to ${real},`;
  return refuse('outside-folder', `${where} is outside the agent's folder ${root}`);
}

/**
 * Opens the checked path and makes sure the handle is the very file checked: a link or another file put in its place
 * meanwhile would otherwise be read instead.
 */
async function openChecked(real: string, checked: Stats): Promise<{ ok: true; handle: FileHandle } | Refused> {
  let handle: FileHandle;
  try {
    handle = await open(real, OPEN_FLAGS);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return refuse('not-found', `${real} went away while being checked`);
    if (code === 'ELOOP') return refuse('unreadable', `${real} was replaced by a link while being checked`);
    return refuse('unreadable', `${real} cannot be read (${code})`);
  }
  const stats = await handle.stat();
  if (stats.isFile() && stats.dev === checked.dev && stats.ino === checked.ino) return { ok: true, handle };
  await handle.close();
  return refuse('unreadable', `${real} was replaced while being checked`);
}

/** Reads from the handle, stopping once past `limit` bytes: the file may grow after its size was checked. */
async function* chunksUpTo(handle: FileHandle, limit: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  while (total <= limit) {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, total);
    if (bytesRead === 0) return;
    total += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

async function hashUpTo(handle: FileHandle, limit: number): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of chunksUpTo(handle, limit)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Zips the file as it is read, giving up as soon as the zip passes `limit` so that memory stays within it, or the file
 * grows past what was checked: a zip of its beginning would pass for the whole.
 */
async function zipUpTo(handle: FileHandle, name: string, limit: number): Promise<{ chunks: Uint8Array[]; bytes: number; sha256: string } | null> {
  const chunks: Uint8Array[] = [];
  const hash = createHash('sha256');
  let bytes = 0;
  // Called within push() and end(), so a throw here comes out of them.
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
    hash.update(chunk);
    bytes += chunk.length;
  });
  const entry = new ZipDeflate(name, { level: 6 });
  zip.add(entry);
  const most = limit * MOST_ZIP_SHRINKS;
  let read = 0;
  for await (const chunk of chunksUpTo(handle, most)) {
    read += chunk.length;
    entry.push(chunk);
    if (bytes > limit || read > most) {
      zip.terminate();
      return null;
    }
  }
  entry.push(new Uint8Array(0), true);
  zip.end();
  return bytes > limit ? null : { chunks, bytes, sha256: hash.digest('hex') };
}

async function writeScratch(scratchDir: string, fileName: string, chunks: Uint8Array[]): Promise<string> {
  await mkdir(scratchDir, { recursive: true });
  const folder = await mkdtemp(join(scratchDir, SCRATCH_PREFIX));
  const path = join(folder, fileName);
  await writeFile(path, chunks, { flag: 'wx' });
  return path;
}

function refuse(reason: FileRefusal, detail: string): Refused {
  return { ok: false, reason, detail };
}

function size(bytes: number): string {
  const [amount, unit] = bytes >= MB ? [bytes / MB, 'MB'] : [bytes / 1024, 'KB'];
  return `${Number.isInteger(amount) ? amount : amount.toFixed(1)} ${unit}`;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}
