import { realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { World } from './service-harness.js';
import { DONE, TURN_MS, startQwenWorld, thisTurn, type QwenWorld } from './qwen-world.js';
import { until } from '../platform/dingtalk/harness.js';
import { filesToolLaunch } from '../agents/fake-agent-launch.js';
import { lastUserText, toolNames, textOf, type Responder } from '../../fakes/openai-llm/fake-llm.js';
import type { LogEvent } from '../../../electron/core/events/event-schema.js';

// The file tools with the real Qwen Code as the agent, its model a fake OpenAI-compatible server that calls the tools
// as a real model would: Qwen Code starts Dingbridge's MCP server from `session/new`, offers its tools to the model,
// runs the call the model makes, asks Dingbridge's permission through ACP when its own auto mode cannot decide, and
// gives the model the tool's answer.

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const GROUP = { id: 'cidTeamGroup==', type: 'group' as const, title: 'Team' };

/**
 * The model, scripted by lines in the person's message: `call <tool> <path>[ | caption]` has it call the tool Qwen
 * Code offers whose name ends with `<tool>`, then answer with the tool's result; `say <words>` is its answer. It
 * answers Qwen Code's auto-mode safety check with "allow", or, when `classifier` is `unsure`, with words the check
 * cannot read, so that Qwen Code asks the client (Dingbridge) for permission instead.
 */
function scriptedModel(missing: string[], classifier: 'allow' | 'unsure'): Responder {
  return (messages, request) => {
    const offered = toolNames(request);
    if (offered.includes('respond_in_schema')) {
      return classifier === 'allow' ? { toolCalls: [{ name: 'respond_in_schema', arguments: { shouldBlock: false } }] } : 'I cannot tell.';
    }
    const asked = lastUserText(messages);
    const call = /^call (send_image|send_file) (.+?)(?: \| (.*))?$/m.exec(asked);
    const say = /^say (.*)$/m.exec(asked)?.[1];
    // Qwen Code's own errands (its memory, say) are not the person's turn.
    if (!call && !say) return 'Nothing to do.';
    if (!call) return `${say} ${DONE}`;
    const results = thisTurn(messages).filter((message) => message.role === 'tool');
    if (results.length > 0) return `${say ?? 'The tool said:'} ${results.map((result) => textOf(result.content)).join(' ')} ${DONE}`;
    const [, tool = '', path = '', caption] = call;
    const name = offered.find((offer) => offer === tool || offer.endsWith(`__${tool}`));
    if (!name) {
      missing.push(`Qwen Code offered the model no ${tool} tool; it offered: ${offered.join(', ') || 'none'}`);
      return `No ${tool} tool. ${DONE}`;
    }
    return { toolCalls: [{ name, arguments: { path, ...(caption ? { caption } : {}) } }] };
  };
}

/** A service running one channel whose agent is the real Qwen Code, with Dingbridge's file tools, and its folder's files. */
async function qwenWorld(channel: Record<string, unknown> = {}, classifier: 'allow' | 'unsure' = 'allow'): Promise<QwenWorld> {
  const world = await startQwenWorld((missing) => scriptedModel(missing, classifier), channel, { filesTool: filesToolLaunch() });
  await writeFile(join(world.cwd, 'chart.png'), PNG);
  await writeFile(join(world.cwd, 'report.pdf'), '%PDF-1.4 a report');
  return world;
}

const fileSends = (world: World) => world.fake.outbox.filter((sent) => sent.file);

/** The model's answer to the turn, once it reached the chat; first, that the model had the tool it was told to call. */
async function answerOf(world: QwenWorld): Promise<string> {
  const answer = await until(() => world.fake.outbox.find((sent) => sent.text.includes(DONE)), 'the model’s answer in the chat', TURN_MS);
  expect(world.missing).toEqual([]);
  return answer.text;
}

const eventsOf = <K extends LogEvent['kind']>(world: World, kind: K) => world.events(kind) as Array<Extract<LogEvent, { kind: K }>>;

describe('files Qwen Code sends to the chat through Dingbridge’s MCP tools', () => {
  it('sends a picture the model asks for in a direct message to the person who asked, once, after Dingbridge allows it', { timeout: 180_000 }, async () => {
    const world = await qwenWorld({}, 'unsure');
    world.fake.pushMessage({ text: 'Please send me the chart.\ncall send_image chart.png | The chart you asked for', sender: { staffId: 'alice', nick: 'Alice' } });
    const answer = await answerOf(world);
    expect(answer).toContain('Sent chart.png');
    const [sent, ...more] = fileSends(world);
    expect(more).toEqual([]);
    expect(sent).toMatchObject({ via: 'batchSend', userIds: ['alice'], msgtype: 'sampleImageMsg', file: { kind: 'image', name: 'chart.png', bytes: PNG.length, shown: true } });
    expect(world.fake.uploadedFile(sent?.file?.mediaId ?? '')?.bytes.equals(PNG)).toBe(true);
    expect(world.outboxText()).toContain('The chart you asked for');
    expect(eventsOf(world, 'file.sent')).toEqual([
      expect.objectContaining({ name: 'chart.png', fileKind: 'image', via: 'tool', source: await realpath(join(world.cwd, 'chart.png')) }),
    ]);
    // Qwen Code's auto mode could not decide, so it asked Dingbridge, whose channel lets the agent go ahead.
    expect(eventsOf(world, 'agent.permission.answered')).toEqual([expect.objectContaining({ decision: 'allow_once', by: 'policy' })]);
    // The model called the tool by Qwen Code's name for it, in a streamed answer, and was given its result.
    expect(world.llm.requests.find((request) => toolNames(request).includes('mcp__dingbridge__send_image'))?.stream).toBe(true);
    const call = world.llm.requests.flatMap((request) => request.messages).find((message) => message.tool_calls?.length)?.tool_calls?.[0];
    expect(call?.function).toEqual({ name: 'mcp__dingbridge__send_image', arguments: JSON.stringify({ path: 'chart.png', caption: 'The chart you asked for' }) });
  });

  it('sends a file the model asks for in a group to the group', { timeout: 180_000 }, async () => {
    const world = await qwenWorld({ groupPolicy: 'open' });
    world.fake.pushMessage({ text: 'The report, please.\ncall send_file report.pdf', conversation: GROUP, isInAtList: true, sender: { staffId: 'bob', nick: 'Bob' } });
    expect(await answerOf(world)).toContain('Sent report.pdf');
    expect(fileSends(world)).toEqual([
      expect.objectContaining({ via: 'groupSend', conversationId: GROUP.id, msgtype: 'sampleFile', file: expect.objectContaining({ kind: 'file', name: 'report.pdf' }) }),
    ]);
    expect(world.fake.uploadedFile(fileSends(world)[0]?.file?.mediaId ?? '')?.bytes.toString()).toBe('%PDF-1.4 a report');
    // Qwen Code's auto mode took the model's (unstreamed) "allow" and asked nobody.
    expect(eventsOf(world, 'agent.permission.asked')).toEqual([]);
    expect(world.llm.requests.find((request) => toolNames(request).includes('respond_in_schema'))?.stream).toBe(false);
  });

  it('refuses a file outside the channel’s folder, and the model is told why', { timeout: 180_000 }, async () => {
    const world = await qwenWorld();
    world.fake.pushMessage({ text: 'Send the file next door.\ncall send_file ../outside.txt' });
    const answer = await answerOf(world);
    const told = world.llm.requests.flatMap((request) => request.messages).filter((message) => message.role === 'tool').map((message) => textOf(message.content));
    expect([...new Set(told)]).toEqual([expect.stringContaining('outside the channel’s working folder')]);
    expect(answer).toContain('outside the channel’s working folder');
    expect(fileSends(world)).toEqual([]);
    expect(world.fake.uploads).toEqual([]);
    expect(eventsOf(world, 'file.refused')).toEqual([expect.objectContaining({ asked: '../outside.txt', via: 'tool', reason: 'outside-folder' })]);
  });

  it('sends a picture the model names with a marker in its answer, taking the marker out', { timeout: 180_000 }, async () => {
    const world = await qwenWorld();
    world.fake.pushMessage({ text: 'Show me the chart.\nsay Here it is [IMAGE:chart.png] for you.' });
    const answer = await answerOf(world);
    expect(answer).toContain('Here it is for you.');
    expect(answer).not.toContain('[IMAGE:');
    await until(() => fileSends(world).length > 0 || undefined, 'the picture in the chat', TURN_MS);
    expect(fileSends(world)).toEqual([expect.objectContaining({ msgtype: 'sampleImageMsg', file: expect.objectContaining({ kind: 'image', name: 'chart.png' }) })]);
    expect(eventsOf(world, 'file.sent')).toEqual([expect.objectContaining({ name: 'chart.png' })]);
  });
});
