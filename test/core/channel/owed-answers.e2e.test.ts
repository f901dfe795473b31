import { readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelStateDir } from '../../../electron/core/channel/channel-state.js';
import { until } from '../platform/dingtalk/harness.js';
import { dmEnvelope } from '../platform/dingtalk/envelopes.js';
import { startWorld } from './service-harness.js';

describe('answers owed from before a restart', () => {
  it('lets go of one kept in a form its platform no longer reads, answering nothing for it, and answers the rest', async () => {
    const first = await startWorld();
    await first.service.close();
    const journal = join(channelStateDir(first.dataDir, 'team'), 'pending-answers.jsonl');
    // Every platform's part is there, DingTalk's own (the stream id, the attachments) is not.
    const { streamMessageId: _stream, attachments: _files, ...unreadable } = dmEnvelope('unreadable', 'say: never');
    await appendFile(journal, `${JSON.stringify({ taken: unreadable })}\n`);

    const again = await first.restart();
    await until(() => readFileSync(journal, 'utf8').includes('"done":"unreadable"'), 'the unreadable message let go of');
    again.fake.pushMessage({ text: 'say: still here' });
    await until(() => again.outboxText().includes('still here'), 'the next message answered');
    expect(again.outboxText()).toEqual(['still here']);
    expect(again.events('agent.turn.started').flatMap((turn) => (turn.kind === 'agent.turn.started' ? turn.msgIds : []))).not.toContain('unreadable');
  });
});
