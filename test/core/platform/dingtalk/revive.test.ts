import { describe, expect, it } from 'vitest';
import { DingTalkBot } from '../../../../electron/core/platform/dingtalk/dingtalk-bot.js';
import { EndpointsSchema } from '../../../../electron/core/platform/dingtalk/endpoints.js';
import { KeptMessageSchema } from '../../../../electron/core/chat/chat-message.js';
import { silentLogger } from '../../../../electron/core/base/logger.js';
import { dmEnvelope } from './envelopes.js';
import { tempDir } from './harness.js';

const bot = async () =>
  DingTalkBot.create({
    credentials: { clientId: 'dingrevive', clientSecret: 'secret', robotCode: 'dingrevive' },
    endpoints: EndpointsSchema.parse({}),
    dataDir: await tempDir(),
    logger: silentLogger,
  });

describe('a DingTalk message read back from where it was kept', () => {
  it('is the message it was, DingTalk’s own fields and all', async () => {
    const message = { ...dmEnvelope('kept'), quoted: { text: 'earlier', fromBot: true }, attachments: [{ kind: 'audio' as const, downloadCode: 'c', recognition: '你好' }] };
    const kept = KeptMessageSchema.parse(JSON.parse(JSON.stringify(message)));
    expect((await bot()).revive(kept)).toEqual(message);
  });

  it('is none when what was kept is no DingTalk message (kept by another platform, or by a version that wrote it otherwise)', async () => {
    const { streamMessageId: _stream, ...withoutStreamId } = dmEnvelope('odd');
    const kept = KeptMessageSchema.parse(withoutStreamId);
    expect((await bot()).revive(kept)).toBeUndefined();
    expect((await bot()).revive(KeptMessageSchema.parse({ ...dmEnvelope('odd'), attachments: 'none' }))).toBeUndefined();
  });
});
