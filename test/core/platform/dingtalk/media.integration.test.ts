import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connected, startBot, startFake, tempDir, until } from './harness.js';
import type { DingTalkSimulator } from '../../../../electron/core/platform/simulator/dingtalk/index.js';
import type { DingTalkBotOptions } from '../../../../electron/core/platform/dingtalk/dingtalk-bot.js';

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function receiveMedia(fake: DingTalkSimulator, msgtype: string, content: Record<string, unknown>, options: Partial<DingTalkBotOptions> = {}) {
  const probe = await startBot(fake, options);
  await connected(fake, probe);
  fake.pushMessage({ msgtype, content });
  const envelope = await until(() => probe.messages[0], `the ${msgtype} message`);
  return { bot: probe.bot, envelope };
}

describe('downloading what users send', () => {
  it.each([
    ['picture', 'image/png', undefined, /^image-\d+\.png$/],
    ['file', 'application/pdf', '季度报告.pdf', /^季度报告\.pdf$/],
    ['audio', 'audio/amr', undefined, /^audio-\d+\.amr$/],
    ['video', 'video/mp4', undefined, /^video-\d+\.mp4$/],
  ])('saves a %s into the inbox with its type', async (msgtype, mime, fileName, expectedName) => {
    const fake = await startFake();
    const bytes = Buffer.concat([png, Buffer.from(`${msgtype} payload`)]);
    const downloadCode = fake.addMedia(bytes, mime, { fileName });
    const content = { downloadCode, ...(fileName ? { fileName } : {}), ...(msgtype === 'audio' ? { recognition: '你好' } : {}) };
    const { bot, envelope } = await receiveMedia(fake, msgtype, content);
    const inbox = await tempDir();
    const attachment = envelope.attachments[0];
    if (!attachment) throw new Error('no attachment parsed');
    const saved = await bot.download(attachment, inbox);
    expect(saved.fileName).toMatch(expectedName);
    expect(saved.mimeType).toBe(mime);
    expect(saved.bytes).toBe(bytes.length);
    expect(await readFile(saved.path)).toEqual(bytes);
    expect(saved.path.startsWith(inbox)).toBe(true);
  });

  it('saves every image of a rich text message', async () => {
    const fake = await startFake();
    const codes = [fake.addMedia(png, 'image/png'), fake.addMedia(png, 'image/jpeg')];
    const { bot, envelope } = await receiveMedia(fake, 'richText', {
      richText: [{ text: 'two pictures' }, { type: 'picture', downloadCode: codes[0] }, { type: 'picture', downloadCode: codes[1] }],
    });
    const inbox = await tempDir();
    const saved = [];
    for (const attachment of envelope.attachments) saved.push(await bot.download(attachment, inbox));
    expect(saved.map((s) => s.mimeType)).toEqual(['image/png', 'image/jpeg']);
    expect(new Set(saved.map((s) => s.path)).size).toBe(2);
  });

  it('keeps a hostile file name inside the inbox and never overwrites', async () => {
    const fake = await startFake();
    const code = fake.addMedia(Buffer.from('new'), 'text/plain', { fileName: '../../evil.txt' });
    const { bot, envelope } = await receiveMedia(fake, 'file', { downloadCode: code, fileName: '../../evil.txt' });
    const inbox = await tempDir();
    await writeFile(join(inbox, 'evil.txt'), 'old');
    const attachment = envelope.attachments[0];
    if (!attachment) throw new Error('no attachment parsed');
    const saved = await bot.download(attachment, inbox);
    expect(saved.path).toBe(join(inbox, 'evil (2).txt'));
    expect(await readFile(join(inbox, 'evil.txt'), 'utf8')).toBe('old');
    expect(await readFile(saved.path, 'utf8')).toBe('new');
  });

  it('refuses a file over the size cap, by its declared length or while streaming, leaving nothing behind', async () => {
    const fake = await startFake();
    const big = Buffer.alloc(64 * 1024, 1);
    const declared = fake.addMedia(big, 'application/zip', { fileName: 'a.zip' });
    const streamed = fake.addMedia(big, 'application/zip', { fileName: 'b.zip', chunked: true });
    const { bot } = await receiveMedia(fake, 'file', { downloadCode: declared, fileName: 'a.zip' }, { media: { maxBytes: 10_000 } });
    const inbox = await tempDir();
    await expect(bot.download({ kind: 'file', downloadCode: declared, fileName: 'a.zip' }, inbox)).rejects.toThrow(
      /larger than the 10 KB limit/,
    );
    await expect(bot.download({ kind: 'file', downloadCode: streamed, fileName: 'b.zip' }, inbox)).rejects.toThrow(
      /larger than the 10 KB limit/,
    );
    expect(await readdir(inbox)).toEqual([]);
  });

  it('stops a download that takes too long', async () => {
    const fake = await startFake();
    const slow = fake.addMedia(Buffer.from('slow'), 'text/plain', { fileName: 's.txt', delayMs: 2_000 });
    const { bot } = await receiveMedia(fake, 'file', { downloadCode: slow, fileName: 's.txt' }, { media: { timeoutMs: 200 } });
    const inbox = await tempDir();
    await expect(bot.download({ kind: 'file', downloadCode: slow, fileName: 's.txt' }, inbox)).rejects.toThrow(
      /took longer than 0 s|took longer than/,
    );
    expect(await readdir(inbox)).toEqual([]);
  });

  it('explains an unknown download code', async () => {
    const fake = await startFake();
    const { bot } = await receiveMedia(fake, 'text', {});
    await expect(bot.download({ kind: 'image', downloadCode: 'nope' }, await tempDir())).rejects.toThrow(/download request/);
  });
});

describe('the working reaction', () => {
  it('puts 👀 on the message and takes it off again', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    const pushed = fake.pushMessage({ text: 'work on this' });
    const envelope = await until(() => probe.messages[0], 'the message');
    const working = await probe.bot.markWorking(envelope);
    await working.recall();
    expect(fake.reactions.map((r) => [r.action, r.openMsgId, r.emotionName])).toEqual([
      ['reply', pushed.msgId, '👀'],
      ['recall', pushed.msgId, '👀'],
    ]);
  });

  it('never fails the reply when reactions do not work', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    fake.pushMessage({ text: 'x' });
    const envelope = await until(() => probe.messages[0], 'the message');
    fake.faults.add({ path: '/v1.0/robot/emotion/*', status: 500 });
    const working = await probe.bot.markWorking(envelope);
    await expect(working.recall()).resolves.toBeUndefined();
    expect((await probe.bot.reply(envelope, 'still answered')).ok).toBe(true);
    expect(fake.requests.filter((r) => r.path === '/v1.0/robot/emotion/recall')).toHaveLength(0);
  });
});
