import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerJournal } from '../../../electron/core/reply/answer-journal.js';
import { dmEnvelope } from '../platform/dingtalk/envelopes.js';
import { InboundEnvelopeSchema, type InboundEnvelope } from '../../../electron/core/platform/dingtalk/envelope.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { tempDir } from '../platform/dingtalk/harness.js';

const message = (msgId: string) => dmEnvelope(msgId, `question ${msgId}`);

const target = { conversationId: 'cidStore==', conversationType: 'dm' as const, staffId: 'staff1' };

/** A message with every field DingTalk's own has besides what all platforms' messages have. */
const richMessage = (): InboundEnvelope => ({
  ...dmEnvelope('rich', 'see the picture'),
  robotCode: 'dingrobot',
  botCorpId: 'corpBot',
  conversation: { id: 'cidGroup==', type: 'group', title: 'Ops' },
  sender: { id: 'corpOther/staff9', staffId: 'staff9', senderId: '$:LWCP_v1:$abc', corpId: 'corpOther', isAdmin: true, nick: 'Bo' },
  msgtype: 'richText',
  isMentioned: true,
  isReplyToBot: true,
  quoted: { msgId: 'q1', senderNick: 'Ada', msgtype: 'text', text: 'earlier', fromBot: false },
  attachments: [{ kind: 'image', downloadCode: 'code-1', fileName: 'a.png' }],
  replyWebhook: { url: 'https://oapi.dingtalk.com/robot/sendBySession?session=s', expiresAt: 99 },
});

describe('AnswerJournal', () => {
  it('keeps a message whole across a restart, the platform’s own fields as they came, for the platform to read back', async () => {
    const file = join(await tempDir(), 'pending-answers.jsonl');
    const first = await AnswerJournal.open(file, silentLogger);
    first.add(richMessage());
    first.close();
    const [kept] = (await AnswerJournal.open(file, silentLogger)).pending();
    expect(kept).toEqual(richMessage());
    expect(InboundEnvelopeSchema.parse(kept)).toEqual(richMessage());
  });

  it('has every change on disk at once: a killed process leaves what is owed, and how far each answer got', async () => {
    const file = join(await tempDir(), 'pending-answers.jsonl');
    const first = await AnswerJournal.open(file, silentLogger);
    first.add(message('a'));
    first.add(message('b'));
    first.add(message('c'));
    first.answering('b', target, 'part one\npart two');
    first.answering('b', target, 'part two');
    first.done('c');
    // Not closed: as a SIGKILL leaves it.
    const second = await AnswerJournal.open(file, silentLogger);
    expect(second.pending().map((envelope) => envelope.msgId)).toEqual(['a', 'b']);
    expect(second.answerOf('a')).toBeUndefined();
    expect(second.answerOf('b')).toEqual({ target, rest: 'part two' });
    expect(second.has('c')).toBe(false);
    second.close();
  });

  it('keeps the file short: what is answered is gone from it after a while', async () => {
    const file = join(await tempDir(), 'pending-answers.jsonl');
    const journal = await AnswerJournal.open(file, silentLogger);
    for (let n = 0; n < 1000; n++) {
      journal.add(message(`m${n}`));
      journal.done(`m${n}`);
    }
    journal.add(message('still-owed'));
    journal.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(210);
    expect((await AnswerJournal.open(file, silentLogger)).pending().map((envelope) => envelope.msgId)).toEqual(['still-owed']);
  });

  it('takes over the messages an older version left in its snapshot file, and removes that file', async () => {
    const dir = await tempDir();
    const snapshot = join(dir, 'pending-answers.json');
    await writeFile(snapshot, JSON.stringify({ version: 1, pending: [message('old-1'), message('old-2')] }));
    const journal = await AnswerJournal.open(join(dir, 'pending-answers.jsonl'), silentLogger, snapshot);
    expect(journal.pending().map((envelope) => envelope.msgId)).toEqual(['old-1', 'old-2']);
    expect(existsSync(snapshot)).toBe(false);
    journal.close();
    const again = await AnswerJournal.open(join(dir, 'pending-answers.jsonl'), silentLogger, snapshot);
    expect(again.pending().map((envelope) => envelope.msgId)).toEqual(['old-1', 'old-2']);
  });

  it('skips a line a crash cut short', async () => {
    const file = join(await tempDir(), 'pending-answers.jsonl');
    await writeFile(file, `${JSON.stringify({ taken: message('whole') })}\n{"taken":{"msgId":"cut`);
    const journal = await AnswerJournal.open(file, silentLogger);
    expect(journal.pending().map((envelope) => envelope.msgId)).toEqual(['whole']);
  });
});
