import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { World } from './service-harness.js';
import { DONE, TURN_MS, startQwenWorld, thisTurn, type QwenWorld } from './qwen-world.js';
import { until } from '../platform/dingtalk/harness.js';
import { lastUserText, textOf, toolNames, toolResults, type Responder } from '../../fakes/openai-llm/fake-llm.js';
import { permissionCode } from '../../../electron/core/agents/permission-schema.js';
import type { CardRecord } from '../../../electron/core/platform/simulator/dingtalk/types.js';
import type { LogEvent } from '../../../electron/core/events/event-schema.js';

// Permission requests answered in the chat with the real Qwen Code as the agent, its model a fake OpenAI-compatible
// server that calls Qwen Code's shell tool (`run_shell_command`) as a real model would.
//
// How Qwen Code 0.24 comes to ask: an ACP session runs in its "auto" approval mode unless its settings say otherwise.
// There, before a shell command that is not plainly read-only, it asks the model a side question of its own (its
// safety check: a non-streamed request offering only `respond_in_schema`, answered `{ shouldBlock }`). An allow runs
// the command without asking anyone; a block goes back to the model as an error (Qwen Code asks when the model
// retries that very call, or after too many blocks); an answer it cannot read ("unavailable") makes it ask the
// client, `session/request_permission`, without its own "always allow" options. In its "default" approval mode
// (`tools.approvalMode: "default"` in its settings) it asks the client at once, with no safety check. Either way the
// request is titled with the command itself, kind `execute`, the command in its raw input; Dingbridge shows it once,
// in a code block. After a Deny Qwen Code ends its turn: the model is not asked again, so no answer follows the card.

const COMMAND = 'echo approved > approved.txt';
const CARD = { replyStyle: 'card', dingtalk: { card: { intervalMs: 300 } } };
const CHAT = { permissions: 'chat', approvers: ['boss'], chatLanguage: 'en' };
const GROUP = { id: 'cidTeamGroup==', type: 'group' as const, title: 'Team' };
const ALICE = { staffId: 'alice', nick: 'Alice' };

/**
 * How Qwen Code comes to ask: `auto`, its own default mode, whose safety check the model answers with words it cannot
 * read (so it falls back to asking); `default`, its "default" approval mode, which asks without a safety check.
 */
type Asking = 'auto' | 'default';

/** Whether a request to the model is Qwen Code's own safety check of a tool call. */
const isSafetyCheck = (request: Parameters<Responder>[1]): boolean => toolNames(request).includes('respond_in_schema');

/**
 * The model, scripted by a line in the person's message: `run <command>` has it call Qwen Code's shell tool with the
 * command, then answer with what the tool said. Qwen Code's safety check gets words it cannot read as a verdict.
 */
function scriptedModel(missing: string[]): Responder {
  return (messages, request) => {
    if (isSafetyCheck(request)) return 'I cannot tell.';
    const command = /^run (.+)$/m.exec(lastUserText(messages))?.[1];
    // Qwen Code's own errands (its memory, say) are not the person's turn.
    if (!command) return 'Nothing to do.';
    const results = toolResults(thisTurn(messages));
    if (results.length > 0) return `The command said: ${results.map((result) => result.text).join(' ')} ${DONE}`;
    if (!toolNames(request).includes('run_shell_command')) {
      missing.push(`Qwen Code offered the model no run_shell_command; it offered: ${toolNames(request).join(', ') || 'none'}`);
      return `No shell. ${DONE}`;
    }
    return { toolCalls: [{ name: 'run_shell_command', arguments: { command, is_background: false } }] };
  };
}

/** A service running one channel whose agent is the real Qwen Code, in the approval mode `asking` says. */
function qwenWorld(channel: Record<string, unknown>, asking: Asking): Promise<QwenWorld> {
  // For `default`, the user's own settings as `/approval-mode default` would save them.
  return startQwenWorld(scriptedModel, { ...CHAT, ...channel }, asking === 'default' ? { settings: { tools: { approvalMode: 'default' } } } : {});
}

const eventsOf = <K extends LogEvent['kind']>(world: World, kind: K) => world.events(kind) as Array<Extract<LogEvent, { kind: K }>>;
const approvalCard = (world: World) => until(() => world.fake.cards.find((card) => card.outTrackId.startsWith('dingbridge-permission-')), 'the permission card', TURN_MS);
const buttonsOf = (card: CardRecord): Array<{ id: string; text: string }> => JSON.parse(card.data.sys_full_json_obj ?? '{"msgButtons":[]}').msgButtons;
const button = (card: CardRecord, decision: string) => buttonsOf(card).find((candidate) => candidate.id.startsWith(`dingbridge-permission:${decision}:`))?.id ?? '';
const settledCard = (world: World, outTrackId: string) => until(() => world.fake.cards.find((card) => card.outTrackId === outTrackId && buttonsOf(card).length === 0), 'the card to show its answer', 20_000);
const clicks = (world: World) => eventsOf(world, 'agent.permission.clicked').map((event) => event.outcome);
/** Everything the bot said in the chat: messages, and cards as they stand. */
const chatText = (world: World): string[] => [...world.outboxText(), ...world.fake.cards.map((card) => card.data.msgContent ?? '')];
const said = (world: World, words: string, what: string) => until(() => chatText(world).find((text) => text.includes(words)), what, TURN_MS);

/** The model's final answer, once it reached the chat; first, that the model had the shell tool. */
async function answerOf(world: QwenWorld): Promise<string> {
  const answer = await said(world, DONE, 'the model’s answer in the chat');
  expect(world.missing).toEqual([]);
  return answer;
}

/** The tool results Qwen Code gave the model in the person's turn (not in its own errands, which start afresh). */
const resultsToldTo = (world: QwenWorld) => world.llm.requests.filter((request) => !isSafetyCheck(request)).flatMap((request) => toolResults(thisTurn(request.messages)));

const written = (world: World) => readFile(join(world.cwd, 'approved.txt'), 'utf8').catch(() => undefined);

/** The request Qwen Code made, as Dingbridge holds it: its title and detail are the command, its kind `execute`. */
function expectTheCommand(world: World) {
  const [pending, ...more] = world.service.pendingPermissions();
  expect(more).toEqual([]);
  expect(pending).toMatchObject({ title: COMMAND, kind: 'execute', detail: COMMAND });
  return pending?.id ?? '';
}

describe('permission requests from the real Qwen Code answered in the chat', () => {
  it('asks on a card when its safety check cannot decide; a stranger’s tap is refused, the asker’s Allow once runs the command', { timeout: 240_000 }, async () => {
    const world = await qwenWorld(CARD, 'auto');
    world.fake.pushMessage({ text: `Please write the file.\nrun ${COMMAND}`, sender: ALICE });
    const card = await approvalCard(world);
    // Qwen Code asked the model its safety question first, and asked Dingbridge only when the answer did not say.
    expect(world.llm.requests.filter(isSafetyCheck).length).toBeGreaterThan(0);
    const id = expectTheCommand(world);
    expect(card.spaceType).toBe('IM_ROBOT');
    expect(buttonsOf(card).map((candidate) => candidate.text)).toEqual(['Allow once', 'Always', 'Deny']);
    expect(card.data.msgContent).toContain(COMMAND);
    expect(card.data.msgContent).toContain(`/approve ${permissionCode(id)}`);
    expect(eventsOf(world, 'agent.permission.asked')).toEqual([expect.objectContaining({ permissionId: id, title: COMMAND, detail: COMMAND })]);

    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'mallory', actionId: button(card, 'allow_once') });
    // The stranger is told so in the conversation; the request still waits, and nothing ran.
    await until(() => world.fake.outbox.find((sent) => sent.conversationId === card.conversationId && sent.text.includes('🔒 Only Alice (who asked)')), 'the stranger to be told', TURN_MS);
    expect(clicks(world)).toEqual(['not-allowed']);
    expect(world.service.pendingPermissions()).toHaveLength(1);
    expect(await written(world)).toBeUndefined();

    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', actionId: button(card, 'allow_once') });
    const answer = await answerOf(world);
    expect(answer).toContain('Exit Code: 0');
    expect(await written(world)).toBe('approved\n');
    const settled = await settledCard(world, card.outTrackId);
    expect(settled.data.msgContent).toContain('Allowed once');
    expect(settled.data.msgContent).toContain('answered by Alice in the chat');
    expect(clicks(world)).toEqual(['not-allowed', 'answered']);
    expect(eventsOf(world, 'agent.permission.answered')).toEqual([expect.objectContaining({ permissionId: id, decision: 'allow_once', by: 'chat' })]);
    // The model called the shell tool once and was given what it said.
    expect(resultsToldTo(world)).toEqual([expect.objectContaining({ name: 'run_shell_command', text: expect.stringContaining(COMMAND) })]);
  });

  it('takes an approver’s Deny in a group: the command does not run and the card says Denied', { timeout: 240_000 }, async () => {
    const world = await qwenWorld({ ...CARD, groupPolicy: 'open' }, 'auto');
    world.fake.pushMessage({ text: `Write the file, please.\nrun ${COMMAND}`, sender: ALICE, conversation: GROUP, isInAtList: true });
    const card = await approvalCard(world);
    expect(card.spaceType).toBe('IM_GROUP');
    expectTheCommand(world);
    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'boss', actionId: button(card, 'deny') });
    expect((await settledCard(world, card.outTrackId)).data.msgContent).toContain('Denied');
    await until(() => eventsOf(world, 'agent.turn.finished')[0], 'the turn to end', TURN_MS);
    expect(clicks(world)).toEqual(['answered']);
    expect(eventsOf(world, 'agent.permission.answered')).toEqual([expect.objectContaining({ decision: 'deny', by: 'chat', answerer: expect.objectContaining({ staffId: 'boss' }) })]);
    expect(await written(world)).toBeUndefined();
    // Qwen Code stopped the turn there: the model never heard of the command again, and said nothing more.
    expect(resultsToldTo(world)).toEqual([]);
    expect(chatText(world).join('\n')).not.toContain(DONE);
  });

  it('asks with an ActionCard in markdown mode; the asker’s typed /approve runs the command', { timeout: 240_000 }, async () => {
    const world = await qwenWorld({}, 'default');
    world.fake.pushMessage({ text: `Please write the file.\nrun ${COMMAND}`, sender: ALICE });
    const prompt = await until(() => world.fake.outbox.find((sent) => sent.msgtype === 'actionCard'), 'the ActionCard', TURN_MS);
    // In its "default" approval mode Qwen Code asked Dingbridge straight away, without a safety check.
    expect(world.llm.requests.filter(isSafetyCheck)).toEqual([]);
    const id = expectTheCommand(world);
    const code = permissionCode(id);
    const buttons = (prompt.payload as { actionCard: { btns: Array<{ title: string; actionURL: string }> } }).actionCard.btns;
    expect(buttons.map((btn) => btn.title)).toEqual(['Allow once', 'Always', 'Deny']);
    expect(buttons[0]?.actionURL).toBe(`dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(`/approve ${code}`)}`);
    expect(prompt.text).toContain(COMMAND);
    expect(await written(world)).toBeUndefined();
    world.fake.pushMessage({ text: `/approve ${code}`, sender: ALICE });
    expect(await answerOf(world)).toContain('Exit Code: 0');
    expect(await written(world)).toBe('approved\n');
    expect(eventsOf(world, 'agent.permission.answered')).toEqual([
      expect.objectContaining({ permissionId: id, decision: 'allow_once', by: 'chat', answerer: expect.objectContaining({ staffId: 'alice' }) }),
    ]);
    // The typed answer went to Dingbridge, not to the agent.
    expect(world.llm.requests.some((request) => request.messages.some((message) => textOf(message.content).includes('/approve')))).toBe(false);
  });
});
