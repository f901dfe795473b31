import { mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connected, startBot, startFake, tempDir, until } from '../core/platform/dingtalk/harness.js';
import { isWellFormed } from '../core/platform/dingtalk/well-formed.js';
import type { DingTalkSimulator } from '../../electron/core/platform/simulator/dingtalk/index.js';
import type { InboundEnvelope } from '../../electron/core/platform/dingtalk/envelope.js';

const CAP = 10_000;

/** Names DingTalk could carry in `content.fileName`, each of which has hurt some program somewhere. */
const HOSTILE_NAMES = [
  '../../etc/passwd',
  '..\\..\\Windows\\win.ini',
  '/etc/shadow',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  '\\\\server\\share\\payload.txt',
  'C:evil.txt',
  'report.txt:Zone.Identifier',
  '%2e%2e%2fetc%2fpasswd',
  'inbox/../../escape.txt',
  'CON',
  'con.txt',
  'NUL',
  'nul.txt',
  'Aux.tar.gz',
  'PRN.log',
  'COM1',
  'com9.txt',
  'COM0.txt',
  'LPT1.txt',
  'COM¹',
  'lpt³.txt',
  'CONIN$',
  'conout$.txt',
  'CON.',
  'nul   ',
  'a\u0000b.txt',
  '\u0007bell\u001b[31mred.txt',
  'line\nbreak\r.txt',
  '\u007fdel\u0085next.txt',
  '<>:"|?*.txt',
  '\u202Egnp.exe',
  'invoice\u202Efdp.exe',
  'photo\u2066.png\u2069.scr',
  '\u200Fname\u200E.txt',
  '\uD800lone-surrogate.txt',
  'x'.repeat(300),
  `${'长'.repeat(300)}.pdf`,
  `${'😀'.repeat(120)}.png`,
  `a.${'x'.repeat(300)}`,
  '',
  ' ',
  '.',
  '..',
  '...',
  '. .',
  '.bashrc',
  '..hidden',
  'trailing. . .',
  'a/',
  '/',
  '\\',
  'ｆｕｌｌ／ｗｉｄｔｈ.txt',
  'dup.txt',
  'dup.txt',
  'dup.txt',
  'dup.txt',
  'dup.txt',
  'Dup.TXT',
];

/** Windows device names, which open the device instead of a file whatever the extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f<>:"|?*/\\\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function nameProblem(name: string): string | undefined {
  if (!name || name === '.' || name === '..') return 'empty or a directory name';
  if (UNSAFE_CHARACTERS.test(name)) return 'has a separator, control, reserved or direction-changing character';
  if (!isWellFormed(name)) return 'has half a character';
  if (/^[.\s]|[.\s]$/.test(name)) return 'starts or ends with a dot or space';
  if (WINDOWS_DEVICE.test(name) || WINDOWS_DEVICE.test(name.replace(/ \(\d+\)(?=\.|$)/, ''))) return 'is a Windows device name';
  if (Buffer.byteLength(name) > 170) return `is ${Buffer.byteLength(name)} bytes long`;
  return undefined;
}

/** Every file under `dir` with its contents, to prove nothing outside the inbox changed. */
async function snapshot(dir: string, skip: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !path.startsWith(skip)) out[relative(dir, path)] = await readFile(path, 'utf8');
  }
  return out;
}

async function fileMessages(fake: DingTalkSimulator, names: string[]) {
  const probe = await startBot(fake, { media: { maxBytes: CAP } });
  await connected(fake, probe);
  const sent = names.map((fileName, i) => {
    const bytes = Buffer.from(`file ${i}: ${JSON.stringify(fileName).slice(0, 40)}`);
    const downloadCode = fake.addMedia(bytes, i % 2 ? 'text/plain' : 'application/octet-stream', { fileName });
    const pushed = fake.pushMessage({ msgtype: 'file', content: { downloadCode, fileName } });
    return { fileName, bytes, msgId: pushed.msgId };
  });
  await until(() => probe.messages.length === names.length, `${names.length} file messages`);
  const byMsgId = new Map<string, InboundEnvelope>(probe.messages.map((envelope) => [envelope.msgId, envelope]));
  return { bot: probe.bot, sent, byMsgId };
}

describe('hostile file names on download', () => {
  it(`keeps all ${HOSTILE_NAMES.length} names inside the inbox, safe on every system, never overwriting`, async () => {
    const fake = await startFake();
    const root = await realpath(await tempDir());
    const inbox = join(root, 'channels', 'team', 'inbox');
    // What a name that escaped would overwrite.
    await mkdir(join(root, 'channels', 'etc'), { recursive: true });
    await writeFile(join(root, 'channels', 'etc', 'passwd'), 'root:x:0:0');
    await writeFile(join(root, 'escape.txt'), 'outside');
    const outside = await snapshot(root, inbox);

    const { bot, sent, byMsgId } = await fileMessages(fake, HOSTILE_NAMES);
    const problems: string[] = [];
    const saved: string[] = [];
    for (const item of sent) {
      const attachment = byMsgId.get(item.msgId)?.attachments[0];
      if (!attachment || attachment.fileName !== (item.fileName || undefined)) {
        problems.push(`${JSON.stringify(item.fileName)}: the envelope names ${JSON.stringify(attachment?.fileName)}`);
        continue;
      }
      const file = await bot.download(attachment, inbox);
      saved.push(file.fileName);
      const why = nameProblem(file.fileName);
      if (why) problems.push(`${JSON.stringify(item.fileName)} was saved as ${JSON.stringify(file.fileName)}, which ${why}`);
      if (file.path !== join(inbox, file.fileName) || dirname(await realpath(file.path)) !== inbox) {
        problems.push(`${JSON.stringify(item.fileName)} was saved at ${file.path}`);
      }
      if (!(await readFile(file.path)).equals(item.bytes)) problems.push(`${JSON.stringify(item.fileName)}: the saved bytes differ`);
    }
    expect(problems).toEqual([]);

    // One file per download, each under the name reported, each with its own content.
    const listed = await readdir(inbox);
    expect(listed.sort()).toEqual([...saved].sort());
    expect(new Set(saved).size).toBe(HOSTILE_NAMES.length);
    expect(saved.filter((name) => /^dup( \(\d\))?\.txt$/.test(name)).sort()).toEqual(['dup (2).txt', 'dup (3).txt', 'dup (4).txt', 'dup (5).txt', 'dup.txt']);
    expect(saved.find((name) => name.startsWith('长'))?.endsWith('.pdf')).toBe(true);
    expect(await snapshot(root, inbox)).toEqual(outside);
  });
});

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

type Reply = (socket: Socket) => void;

/** A file server that breaks HTTP's promises about length, which the simulator never does. */
async function lyingServer(routes: Record<string, Reply>) {
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const path = head.split(' ')[1] ?? '';
      const reply = routes[path.slice(1)];
      if (reply) reply(socket);
      else socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const open = new Set<Socket>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  );
  return (route: string) => `http://127.0.0.1:${port}/${route}`;
}

const head = (headers: string) => `HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\n${headers}Connection: close\r\n\r\n`;

describe('hostile sizes on download', () => {
  it('holds the size cap whatever the server declares, keeps what is whole, and leaves nothing of what is not', async () => {
    const fake = await startFake();
    const url = await lyingServer({
      'exactly-the-cap': (s) => s.end(Buffer.concat([Buffer.from(head(`Content-Length: ${CAP}\r\n`)), Buffer.alloc(CAP, 1)])),
      'declared-over-cap': (s) => s.end(Buffer.concat([Buffer.from(head(`Content-Length: ${CAP + 1}\r\n`)), Buffer.alloc(CAP + 1, 1)])),
      'declared-huge-sends-little': (s) => s.end(Buffer.concat([Buffer.from(head('Content-Length: 99999999999\r\n')), Buffer.alloc(10, 1)])),
      'declared-small-streams-more': (s) => s.end(Buffer.concat([Buffer.from(head('Content-Length: 100\r\n')), Buffer.alloc(CAP * 50, 2)])),
      'declared-more-than-sent': (s) => s.end(Buffer.concat([Buffer.from(head('Content-Length: 5000\r\n')), Buffer.alloc(100, 3)])),
      'no-length-over-cap': (s) => s.end(Buffer.concat([Buffer.from(head('')), Buffer.alloc(CAP * 3, 4)])),
      'no-length-under-cap': (s) => s.end(Buffer.concat([Buffer.from(head('')), Buffer.alloc(500, 5)])),
      'zero-bytes': (s) => s.end(head('Content-Length: 0\r\n')),
      'zero-bytes-no-length': (s) => s.end(head('')),
      'endless-no-length': (s) => {
        s.write(head(''));
        const drip = setInterval(() => (s.destroyed ? clearInterval(drip) : s.write(Buffer.alloc(1024, 6))), 1);
        s.on('close', () => clearInterval(drip));
      },
      'endless-chunked': (s) => {
        s.write(head('Transfer-Encoding: chunked\r\n'));
        const drip = setInterval(() => (s.destroyed ? clearInterval(drip) : s.write(`400\r\n${'7'.repeat(1024)}\r\n`)), 1);
        s.on('close', () => clearInterval(drip));
      },
      'length-not-a-number': (s) => s.end(Buffer.concat([Buffer.from(head('Content-Length: lots\r\n')), Buffer.alloc(10, 8)])),
      'length-negative': (s) => s.end(Buffer.concat([Buffer.from(head('Content-Length: -1\r\n')), Buffer.alloc(10, 8)])),
      'two-lengths': (s) => s.end(Buffer.concat([Buffer.from(head('Content-Length: 10\r\nContent-Length: 20000\r\n')), Buffer.alloc(20000, 9)])),
    });
    const probe = await startBot(fake, { media: { maxBytes: CAP, timeoutMs: 10_000 } });
    await connected(fake, probe);
    const inbox = await tempDir();
    const attempt = async (route: string) => {
      fake.faults.add({ method: 'POST', path: '/v1.0/robot/messageFiles/download', body: { downloadUrl: url(route) }, times: 1 });
      const before = await readdir(inbox);
      try {
        const file = await probe.bot.download({ kind: 'file', downloadCode: route, fileName: `${route}.zip` }, inbox);
        return { ok: true as const, bytes: file.bytes, content: await readFile(file.path), added: (await readdir(inbox)).length - before.length };
      } catch (error) {
        return { ok: false as const, message: error instanceof Error ? error.message : String(error), added: (await readdir(inbox)).length - before.length };
      }
    };
    const tooLarge = { ok: false, message: 'The file is larger than the 10 KB limit and was not saved.', added: 0 };
    const failed = { ok: false, message: expect.stringMatching(/^Downloading the file failed: .+\.$/), added: 0 };

    expect(await attempt('exactly-the-cap')).toMatchObject({ ok: true, bytes: CAP, added: 1 });
    expect(await attempt('declared-over-cap')).toEqual(tooLarge);
    expect(await attempt('declared-huge-sends-little')).toEqual(tooLarge);
    expect(await attempt('no-length-over-cap')).toEqual(tooLarge);
    expect(await attempt('endless-no-length')).toEqual(tooLarge);
    expect(await attempt('endless-chunked')).toEqual(tooLarge);
    expect(await attempt('declared-more-than-sent')).toEqual(failed);
    // HTTP ends a body at its declared length: what follows is not part of the file, and the file is whole.
    const small = await attempt('declared-small-streams-more');
    expect(small).toMatchObject({ ok: true, bytes: 100, added: 1 });
    expect(small.ok && small.content.equals(Buffer.alloc(100, 2))).toBe(true);
    expect(await attempt('no-length-under-cap')).toMatchObject({ ok: true, bytes: 500, added: 1 });
    // An empty file is still the file the person sent.
    expect(await attempt('zero-bytes')).toMatchObject({ ok: true, bytes: 0, added: 1 });
    expect(await attempt('zero-bytes-no-length')).toMatchObject({ ok: true, bytes: 0, added: 1 });
    for (const route of ['length-not-a-number', 'length-negative', 'two-lengths']) {
      expect(await attempt(route), route).toEqual(failed);
    }
    // Only the five whole files are there.
    expect((await readdir(inbox)).sort()).toEqual(
      ['declared-small-streams-more.zip', 'exactly-the-cap.zip', 'no-length-under-cap.zip', 'zero-bytes-no-length.zip', 'zero-bytes.zip'].sort(),
    );
  });

  it('refuses a file the simulator declares one byte over the cap, and one streamed a byte over it', async () => {
    const fake = await startFake();
    const declared = fake.addMedia(Buffer.alloc(CAP + 1, 1), 'application/zip', { fileName: 'declared.zip' });
    const streamed = fake.addMedia(Buffer.alloc(CAP + 1, 1), 'application/zip', { fileName: 'streamed.zip', chunked: true });
    const fits = fake.addMedia(Buffer.alloc(CAP, 1), 'application/zip', { fileName: 'fits.zip', chunked: true });
    const probe = await startBot(fake, { media: { maxBytes: CAP } });
    await connected(fake, probe);
    const inbox = await tempDir();
    await expect(probe.bot.download({ kind: 'file', downloadCode: declared, fileName: 'declared.zip' }, inbox)).rejects.toThrow(/larger than the 10 KB limit/);
    await expect(probe.bot.download({ kind: 'file', downloadCode: streamed, fileName: 'streamed.zip' }, inbox)).rejects.toThrow(/larger than the 10 KB limit/);
    expect((await probe.bot.download({ kind: 'file', downloadCode: fits, fileName: 'fits.zip' }, inbox)).bytes).toBe(CAP);
    expect(await readdir(inbox)).toEqual(['fits.zip']);
  });
});
