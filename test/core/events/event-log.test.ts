import { chmod, readdir, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../electron/core/events/event-log.js';
import { Redactor } from '../../../electron/core/events/redactor.js';
import type { LogEvent } from '../../../electron/core/events/event-schema.js';
import { tempDir } from '../platform/dingtalk/harness.js';

const previews = (events: LogEvent[]) => events.map((event) => (event.kind === 'message.received' ? event.preview : event.kind));

const received = (channel: string, conversationId: string, senderStaffId: string, preview: string) =>
  ({ kind: 'message.received', channel, conversationId, conversationType: 'dm', senderStaffId, nick: 'n', msgId: `m-${preview}`, msgtype: 'text', preview, mentioned: false }) as const;

describe('EventLog', () => {
  it('queries by channel, conversation, sender, kind and text, newest last', async () => {
    const log = await EventLog.open();
    log.append(received('a', 'c1', 's1', 'hello world'));
    log.append(received('b', 'c2', 's2', 'second'));
    log.append({ kind: 'access.decision', channel: 'a', conversationId: 'c1', senderStaffId: 's1', msgId: 'm', decision: 'dropped', reason: 'not on the allowlist' });
    expect((await log.query({ channel: 'a' })).map((e) => e.kind)).toEqual(['message.received', 'access.decision']);
    expect(await log.query({ conversationId: 'c2' })).toHaveLength(1);
    expect(await log.query({ sender: 's1' })).toHaveLength(2);
    expect(await log.query({ kinds: ['access.decision'] })).toHaveLength(1);
    expect(await log.query({ text: 'ALLOWLIST' })).toHaveLength(1);
    expect((await log.query({ limit: 1 })).map((e) => e.kind)).toEqual(['access.decision']);
    const all = await log.query();
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort());
    expect(await log.query({ before: all[2]?.id })).toHaveLength(2);
  });

  it('is live: subscribers get each event as it is appended', async () => {
    const log = await EventLog.open();
    const seen: string[] = [];
    const stop = log.on('appended', (event) => seen.push(event.kind));
    log.append(received('a', 'c', 's', 'x'));
    stop();
    log.append(received('a', 'c', 's', 'y'));
    expect(seen).toEqual(['message.received']);
  });

  it('keeps only the newest events in memory when it has no folder', async () => {
    const log = await EventLog.open({ ringSize: 100 });
    for (let i = 0; i < 1_000; i++) log.append(received('a', 'c', 's', `m${i}`));
    const kept = await log.query({ limit: 100_000 });
    expect(kept).toHaveLength(100);
    expect(kept[0]).toMatchObject({ preview: 'm900' });
  });

  it('reads older history back from its files, across rotations and a restart, with every filter', async () => {
    const dir = await tempDir();
    const log = await EventLog.open({ dir, ringSize: 100, maxFileBytes: 50_000 });
    for (let i = 0; i < 1_000; i++) log.append(received('a', `c${i % 2}`, 's', `m${i}`));
    expect(log.recent({ limit: 100_000 })).toHaveLength(100);
    const all = await log.query({ limit: 100_000 });
    expect(previews(all)).toEqual(Array.from({ length: 1_000 }, (_, i) => `m${i}`));
    expect(previews(await log.query({ conversationId: 'c1', limit: 3, before: all[500]?.id }))).toEqual(['m495', 'm497', 'm499']);
    expect(previews(await log.query({ text: 'm12', limit: 100_000 }))).toEqual(['m12', ...Array.from({ length: 10 }, (_, i) => `m12${i}`)]);
    expect((await readdir(dir)).length).toBeGreaterThan(2);
    const reopened = await EventLog.open({ dir, ringSize: 100, maxFileBytes: 50_000 });
    expect(await reopened.query({ limit: 100_000 })).toEqual(all);
  });

  it('appends JSONL, rotates by size, and reloads the newest events after a restart', async () => {
    const dir = await tempDir();
    const log = await EventLog.open({ dir, maxFileBytes: 2_000, keepFiles: 2 });
    for (let i = 0; i < 60; i++) log.append(received('a', 'c', 's', `message number ${i}`));
    await log.flush();
    expect((await readdir(dir)).sort()).toEqual(['events.1.jsonl', 'events.2.jsonl', 'events.jsonl']);
    const current = (await readFile(join(dir, 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(current.at(-1) ?? '{}')).toMatchObject({ preview: 'message number 59' });
    const reopened = await EventLog.open({ dir });
    const history = await reopened.query({ limit: 100_000 });
    expect(history.at(-1)).toMatchObject({ preview: 'message number 59' });
    const next = reopened.append(received('a', 'c', 's', 'after restart'));
    expect(next.id > (history.at(-1)?.id ?? '')).toBe(true);
  });

  it('keeps serving from memory and says so when the disk cannot be written', async () => {
    const dir = join(await tempDir(), 'logs');
    await mkdir(dir);
    await chmod(dir, 0o500);
    const log = await EventLog.open({ dir: join(dir, '\u0000') });
    const statuses: Array<{ ok: boolean; error?: string }> = [];
    log.on('writeStatus', (status) => statuses.push(status));
    log.append(received('a', 'c', 's', 'one'));
    log.append(received('a', 'c', 's', 'two'));
    await log.flush();
    expect(await log.query()).toHaveLength(2);
    expect(statuses).toEqual([{ ok: false, error: expect.stringContaining('The event log cannot be written') }]);
    expect(log.writeStatus.ok).toBe(false);
  });
});

describe('Redactor', () => {
  it('hides registered secrets, tokens, tickets and webhook session keys everywhere in an event', () => {
    const redactor = new Redactor();
    redactor.addSecret('super-secret-value');
    redactor.addSecret('abc');
    const out = redactor.redact({
      message: 'secret super-secret-value in text',
      nested: { url: 'http://127.0.0.1:1/robot/sendBySession?session=76da36b4c1e8&x=1', list: ['ws://h/connect?ticket=7724109a-ea43'] },
      header: 'x-acs-dingtalk-access-token: tok123',
      json: '{"clientSecret":"s3cr3t","ok":1}',
      legacy: 'https://oapi.dingtalk.com/gettoken?appkey=k&appsecret=zzz',
      short: 'abc stays',
    });
    expect(out).toEqual({
      message: 'secret *** in text',
      nested: { url: 'http://127.0.0.1:1/robot/sendBySession?session=***&x=1', list: ['ws://h/connect?ticket=***'] },
      header: 'x-acs-dingtalk-access-token: ***',
      json: '{"clientSecret":"***","ok":1}',
      legacy: 'https://oapi.dingtalk.com/gettoken?appkey=k&appsecret=***',
      short: 'abc stays',
    });
  });
});
