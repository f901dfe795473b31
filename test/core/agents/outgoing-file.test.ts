import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanScratch, prepareOutgoingFile, removeScratch, type OutgoingOptions } from '../../../electron/core/agents/outgoing-file.js';
import type { FileRules } from '../../../electron/core/chat/outgoing-file.js';

const MB = 1024 * 1024;
const rules: FileRules = {
  images: ['png', 'jpg', 'jpeg', 'gif'],
  files: ['pdf', 'docx', 'xlsx', 'zip'],
  maxBytes: { image: 10 * MB, file: 20 * MB },
};

let base: string;
let folder: string;
let outsideFolder: string;
let options: OutgoingOptions;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'dingbridge-outgoing-')));
  folder = join(base, 'work');
  outsideFolder = join(base, 'outside');
  await mkdir(join(folder, 'out'), { recursive: true });
  await mkdir(outsideFolder);
  options = { cwd: folder, rules, scratchDir: join(base, 'scratch') };
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function put(path: string, content: string | Uint8Array = 'hello'): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return path;
}

async function sparse(path: string, bytes: number): Promise<string> {
  await put(path, '');
  await truncate(path, bytes);
  return path;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe('prepareOutgoingFile', () => {
  it('sends a file inside the folder as it is, named relative, absolute or as a file URL', async () => {
    const report = await put(join(folder, 'out', 'my report.pdf'), 'the report');
    const expected = { path: report, name: 'my report.pdf', kind: 'file', fileType: 'pdf', bytes: 10, sha256: sha256('the report'), source: report, zipped: false };
    for (const asked of ['out/my report.pdf', './out/../out/my report.pdf', report, pathToFileURL(report).href]) {
      expect(await prepareOutgoingFile(asked, 'any', options), asked).toEqual({ ok: true, file: expected });
    }
    const chart = await put(join(folder, 'Chart.PNG'));
    expect(await prepareOutgoingFile('Chart.PNG', 'image', options)).toMatchObject({ ok: true, file: { kind: 'image', fileType: 'png', path: chart } });
  });

  it('takes a name beginning with two dots as a name, and a folder reached through a link as that folder', async () => {
    const dotted = await put(join(folder, '..notes.pdf'));
    expect(await prepareOutgoingFile('..notes.pdf', 'any', options)).toMatchObject({ ok: true, file: { source: dotted } });
    const linkedFolder = join(base, 'linked-work');
    await symlink(folder, linkedFolder);
    expect(await prepareOutgoingFile('..notes.pdf', 'any', { ...options, cwd: linkedFolder })).toMatchObject({ ok: true, file: { source: dotted } });
  });

  it('refuses what lies outside the folder, by way up, absolute path, URL or link, existing or not', async () => {
    const secret = await put(join(outsideFolder, 'secret.pdf'));
    await symlink(secret, join(folder, 'innocent.pdf'));
    await symlink(outsideFolder, join(folder, 'out', 'elsewhere'));
    const asks = ['../outside/secret.pdf', secret, pathToFileURL(secret).href, 'innocent.pdf', 'out/elsewhere/secret.pdf', '../outside/missing.pdf', '/nowhere/at/all.pdf', '..'];
    for (const asked of asks) {
      expect(await prepareOutgoingFile(asked, 'any', options), asked).toMatchObject({ ok: false, reason: 'outside-folder' });
    }
    const refused = await prepareOutgoingFile('innocent.pdf', 'any', options);
    expect(refused).toMatchObject({ detail: expect.stringContaining(secret) });
    expect(refused).toMatchObject({ detail: expect.stringContaining(folder) });
  });

  it('sends a link inside the folder to a file inside it as that file', async () => {
    const target = await put(join(folder, 'out', 'real.pdf'));
    await symlink(target, join(folder, 'latest.pdf'));
    expect(await prepareOutgoingFile('latest.pdf', 'file', options)).toMatchObject({ ok: true, file: { path: target, source: target, name: 'real.pdf' } });
  });

  it('refuses a missing file, a folder, the folder itself and a pipe', async () => {
    expect(await prepareOutgoingFile('nope.pdf', 'any', options)).toMatchObject({ ok: false, reason: 'not-found', detail: expect.stringContaining('nope.pdf') });
    expect(await prepareOutgoingFile('out', 'any', options)).toMatchObject({ ok: false, reason: 'not-a-file', detail: expect.stringContaining('folder') });
    expect(await prepareOutgoingFile('.', 'any', options)).toMatchObject({ ok: false, reason: 'not-a-file', detail: expect.stringContaining('folder itself') });
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [join(folder, 'pipe.pdf')]);
      expect(await prepareOutgoingFile('pipe.pdf', 'any', options)).toMatchObject({ ok: false, reason: 'not-a-file' });
    }
  });

  it('refuses a file over the limit without reading it, and without zipping one far over it', async () => {
    await sparse(join(folder, 'big.pdf'), 25 * MB);
    expect(await prepareOutgoingFile('big.pdf', 'any', options)).toEqual({ ok: false, reason: 'too-large', detail: 'big.pdf is 25 MB, more than the 20 MB a file may be' });
    await sparse(join(folder, 'big.png'), 10.5 * MB);
    expect(await prepareOutgoingFile('big.png', 'any', options)).toMatchObject({ ok: false, reason: 'too-large', detail: expect.stringContaining('10.5 MB, more than the 10 MB a picture may be') });
    await sparse(join(folder, 'huge.log'), 2048 * MB);
    expect(await prepareOutgoingFile('huge.log', 'any', options)).toMatchObject({ ok: false, reason: 'too-large', detail: expect.stringContaining('2048 MB') });
    expect(existsSync(options.scratchDir)).toBe(false);
  });

  it('zips a type the platform does not take, the zip holding the file under its own name', async () => {
    const text = await put(join(folder, 'notes.txt'), 'some notes\n'.repeat(1000));
    const song = await put(join(folder, 'out', 'song.mp3'), randomBytes(300_000));
    for (const source of [text, song]) {
      const prepared = await prepareOutgoingFile(source, 'file', options);
      if (!prepared.ok) throw new Error(prepared.detail);
      const { file } = prepared;
      const name = source.split(/[\\/]/).pop() as string;
      expect(file).toMatchObject({ name: `${name}.zip`, kind: 'file', fileType: 'zip', source, zipped: true });
      expect(dirname(dirname(file.path))).toBe(options.scratchDir);
      const zip = await readFile(file.path);
      expect(file.bytes).toBe(zip.length);
      expect(file.sha256).toBe(sha256(zip));
      expect(unzipSync(zip)).toEqual({ [name]: new Uint8Array(await readFile(source)) });
    }
  });

  it('zips a large file that shrinks within the limit, and refuses one that does not', async () => {
    await sparse(join(folder, 'zeros.log'), 30 * MB);
    expect(await prepareOutgoingFile('zeros.log', 'any', options)).toMatchObject({ ok: true, file: { zipped: true } });
    await put(join(folder, 'noise.bin'), randomBytes(3 * MB));
    const small = { ...options, rules: { ...rules, maxBytes: { image: MB, file: 2 * MB } } };
    expect(await prepareOutgoingFile('noise.bin', 'any', small)).toEqual({
      ok: false,
      reason: 'too-large',
      detail: 'noise.bin is 3 MB, and zipped it is still more than the 2 MB a file may be',
    });
  });

  it('refuses anything but a picture when a picture is wanted, and sends a picture wanted as a file as one', async () => {
    await put(join(folder, 'notes.txt'));
    expect(await prepareOutgoingFile('notes.txt', 'image', options)).toEqual({
      ok: false,
      reason: 'not-an-image',
      detail: 'notes.txt is not a picture; pictures are png, jpg, jpeg, gif',
    });
    await put(join(folder, 'shot.png'));
    expect(await prepareOutgoingFile('shot.png', 'file', options)).toMatchObject({ ok: true, file: { kind: 'file', fileType: 'zip', zipped: true } });
    const taken = { ...options, rules: { ...rules, files: [...rules.files, 'png'] } };
    expect(await prepareOutgoingFile('shot.png', 'file', taken)).toMatchObject({ ok: true, file: { kind: 'file', fileType: 'png', zipped: false } });
  });
});

describe('scratch', () => {
  it('removes the zip and its folder once sent, and never the agent’s own file', async () => {
    await put(join(folder, 'notes.txt'));
    const zipped = await prepareOutgoingFile('notes.txt', 'any', options);
    const kept = await prepareOutgoingFile(await put(join(folder, 'a.pdf')), 'any', options);
    if (!zipped.ok || !kept.ok) throw new Error('not prepared');
    await removeScratch(zipped.file);
    await removeScratch(kept.file);
    expect(await readdir(options.scratchDir)).toEqual([]);
    expect(existsSync(kept.file.path)).toBe(true);
  });

  it('cleans zips left over a day, and nothing it did not make', async () => {
    expect(await cleanScratch(options.scratchDir)).toBe(0);
    await put(join(folder, 'old.txt'));
    await put(join(folder, 'new.txt'));
    const old = await prepareOutgoingFile('old.txt', 'any', options);
    const recent = await prepareOutgoingFile('new.txt', 'any', options);
    if (!old.ok || !recent.ok) throw new Error('not prepared');
    const foreign = join(options.scratchDir, 'someone-else');
    await mkdir(foreign);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(dirname(old.file.path), twoDaysAgo, twoDaysAgo);
    await utimes(foreign, twoDaysAgo, twoDaysAgo);

    expect(await cleanScratch(options.scratchDir)).toBe(1);
    expect(existsSync(old.file.path)).toBe(false);
    expect(existsSync(recent.file.path)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
  });
});
