import { mkdir, realpath, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { startWorld, type World } from './service-harness.js';
import { until } from '../platform/dingtalk/harness.js';
import { filesToolLaunch } from '../agents/fake-agent-launch.js';
import type { LogEvent } from '../../../electron/core/events/event-schema.js';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const GROUP = { id: 'cidTeamGroup==', type: 'group' as const, title: 'Team' };


async function filesWorld(channel: Record<string, unknown> = {}, tuning = {}): Promise<World> {
  const world = await startWorld(channel, { filesTool: filesToolLaunch(), tuning });
  await writeFile(join(world.cwd, 'chart.png'), PNG);
  await writeFile(join(world.cwd, 'report.pdf'), '%PDF-1.4 a report');
  return world;
}

const fileSends = (world: World) => world.fake.outbox.filter((sent) => sent.file);
const answerOf = (world: World, fragment: string) => until(() => world.fake.outbox.find((sent) => sent.text.includes(fragment)), `an answer with "${fragment}"`, 20_000);
const eventOf = <K extends LogEvent['kind']>(world: World, kind: K) => until(() => world.events(kind)[0] as Extract<LogEvent, { kind: K }> | undefined, `a ${kind} event`, 20_000);

describe('files the agent sends to the chat', () => {
  it('sends a picture through the MCP tool to the person who asked, once, with its caption after it', async () => {
    const world = await filesWorld();
    world.fake.pushMessage({ text: 'send: send_image chart.png | The chart you asked for', sender: { staffId: 'alice', nick: 'Alice' } });
    await answerOf(world, 'Sent chart.png');
    const [sent, ...more] = fileSends(world);
    expect(more).toEqual([]);
    expect(sent).toMatchObject({ via: 'batchSend', userIds: ['alice'], msgtype: 'sampleImageMsg', file: { kind: 'image', name: 'chart.png', bytes: PNG.length, shown: true } });
    expect(world.fake.uploadedFile(sent?.file?.mediaId ?? '')?.bytes.equals(PNG)).toBe(true);
    const texts = world.outboxText();
    expect(texts.indexOf('The chart you asked for')).toBeGreaterThan(texts.indexOf('chart.png'));
    expect(await eventOf(world, 'file.sent')).toMatchObject({ name: 'chart.png', fileKind: 'image', bytes: PNG.length, via: 'tool', source: await realpath(join(world.cwd, 'chart.png')) });
  });

  it('sends a file asked for in a group to the group, not to the person', async () => {
    const world = await filesWorld({ groupPolicy: 'open' });
    world.fake.pushMessage({ text: 'send: send_file report.pdf', conversation: GROUP, isInAtList: true, sender: { staffId: 'bob', nick: 'Bob' } });
    await answerOf(world, 'Sent report.pdf');
    expect(fileSends(world)).toEqual([
      expect.objectContaining({ via: 'groupSend', conversationId: GROUP.id, msgtype: 'sampleFile', file: expect.objectContaining({ kind: 'file', name: 'report.pdf' }) }),
    ]);
  });

  it('refuses a path outside the folder, a link out of it and a file too large, telling the agent and the person', async () => {
    const world = await filesWorld();
    const outside = join(world.cwd, '..', `secret-${Date.now()}.txt`);
    await writeFile(outside, 'not for the chat');
    await symlink(outside, join(world.cwd, 'innocent.pdf'));
    await truncate(join(world.cwd, 'report.pdf'), 25 * 1024 * 1024);
    world.fake.pushMessage({ text: [`send: send_file ${outside}`, 'send: send_file innocent.pdf', 'send: send_file report.pdf'].join('\n') });
    const answer = await answerOf(world, 'tool error');
    expect(answer.text.match(/tool error: Not sent/g)).toHaveLength(3);
    expect(answer.text).toContain('outside the channel’s working folder');
    expect(answer.text).toContain('25 MB, more than the 20 MB a file may be');
    expect(fileSends(world)).toEqual([]);
    expect(world.fake.uploads).toEqual([]);
    const refusals = world.events('file.refused').map((event) => (event.kind === 'file.refused' ? event.reason : ''));
    expect(refusals.sort()).toEqual(['outside-folder', 'outside-folder', 'too-large']);
    expect(world.outboxText().filter((text) => text.includes('Did not send'))).toHaveLength(3);
  });

  it('zips a type DingTalk will not take as a file', async () => {
    const world = await filesWorld();
    await writeFile(join(world.cwd, 'notes.txt'), 'some notes');
    world.fake.pushMessage({ text: 'send: send_file notes.txt' });
    await answerOf(world, 'zipped');
    const [sent] = fileSends(world);
    expect(sent?.payload).toMatchObject({ fileName: 'notes.txt.zip', fileType: 'zip' });
    const zip = unzipSync(new Uint8Array(world.fake.uploadedFile(sent?.file?.mediaId ?? '')?.bytes ?? Buffer.alloc(0)));
    expect(Buffer.from(zip['notes.txt'] ?? []).toString()).toBe('some notes');
    expect(await eventOf(world, 'file.sent')).toMatchObject({ zipped: true, name: 'notes.txt.zip' });
  });

  it('tries a refused upload again and sends the file once', async () => {
    const world = await filesWorld();
    world.fake.failUploads(2);
    world.fake.pushMessage({ text: 'send: send_image chart.png' });
    await answerOf(world, 'Sent chart.png');
    expect(fileSends(world)).toHaveLength(1);
    expect(await eventOf(world, 'file.sent')).toMatchObject({ attempts: 3 });
  });

  it('holds a file DingTalk keeps refusing and sends it once when DingTalk takes it', async () => {
    const world = await filesWorld({}, { heldReplies: { retryMs: 200 } });
    world.fake.failUploads(7);
    world.fake.pushMessage({ text: 'send: send_image chart.png' });
    await answerOf(world, 'kept and goes to the conversation');
    await eventOf(world, 'file.held');
    const sent = await eventOf(world, 'file.sent');
    expect(sent.heldForMs).toBeGreaterThanOrEqual(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fileSends(world)).toHaveLength(1);
  });

  it('sends files named by markers in the text once, taking the markers out of the answer', async () => {
    const world = await filesWorld();
    world.fake.pushMessage({ text: ['send: send_image chart.png', 'say: Here it is [IMAGE:chart.png] and the report [FILE:report.pdf] too.'].join('\n') });
    const answer = await answerOf(world, 'Here it is');
    expect(answer.text).toContain('Here it is and the report too.');
    expect(answer.text).not.toContain('[IMAGE:');
    expect(fileSends(world).map((sent) => sent.file?.name).sort()).toEqual(['chart.png', 'report.pdf']);
  });

  it('sends a picture the agent puts in its answer as ACP content', async () => {
    const world = await filesWorld();
    await mkdir(join(world.cwd, 'out'));
    await writeFile(join(world.cwd, 'out', 'linked.pdf'), '%PDF-1.4 linked');
    world.fake.pushMessage({ text: [`picture: ${PNG.toString('base64')}`, `link: file://${join(world.cwd, 'out', 'linked.pdf')}`, 'say: done'].join('\n') });
    await answerOf(world, 'done');
    await until(() => fileSends(world).length === 2 || undefined, 'both files', 20_000);
    expect(fileSends(world).map((sent) => sent.file?.name).sort()).toEqual(['linked.pdf', 'picture.png']);
    expect(world.events('file.sent').map((event) => (event.kind === 'file.sent' ? event.via : ''))).toEqual(['content', 'content']);
  });
});
