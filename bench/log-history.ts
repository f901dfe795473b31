import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EventLog } from '../electron/core/events/event-log.js';
import type { NewLogEvent } from '../electron/core/events/event-schema.js';
import { Rng } from '../test/fuzz/prng.js';

const CHANNELS = ['team', 'ops'];
const PEOPLE = [
  { staffId: 'manager807', nick: '张三' },
  { staffId: '0231456789', nick: '李四' },
  { staffId: '1620338417', nick: '王芳' },
  { staffId: '0913377210', nick: '赵敏' },
  { staffId: 'alice.chen', nick: 'Alice Chen' },
  { staffId: 'bob42', nick: 'Bob' },
  { staffId: '2788154633', nick: 'Liu Yang' },
  { staffId: 'dev-ops-01', nick: '运维小王' },
];
const GROUPS = ['研发部', '前端小组', 'Release crew', '运维值班', 'Dingbridge 测试群'];
const SAID = [
  '帮我看一下 src/index.ts 里的类型错误',
  'npm test 挂了，能修一下吗？',
  'Can you add a unit test for the parser?',
  '把 README 翻译成英文',
  'Why does the build fail on CI since this morning?',
  '部署到测试环境，然后告诉我结果',
  'Refactor the retry loop so it backs off with jitter',
  '这个接口的返回值为什么是 undefined？',
  'Summarize the last five commits for the release notes',
  '请检查一下 package.json 里过期的依赖',
  'git status',
  '/new',
  `Here is the stack trace: ${'at Object.<anonymous> (/srv/app/dist/server.js:1:2) '.repeat(6)}`,
  `长消息：${'请逐条检查配置文件里的每一项，并说明它的作用和默认值。'.repeat(8)}`,
];
const ANSWERS = [
  '类型错误在第 42 行：`parse()` 返回 `string | undefined`，调用前先判断一下即可。',
  'All 128 tests pass now. The failure was a stale snapshot in `parser.test.ts`; I updated it.',
  `I changed the retry loop to back off with full jitter:\n\n${'```ts\nconst wait = Math.random() * Math.min(cap, base * 2 ** attempt);\n```\n'}`,
  '已部署到测试环境，健康检查通过。',
  `Release notes:\n${['- faster start-up', '- fixes the CSV export', '- Chinese translations', '- retries with jitter', '- updated dependencies'].join('\n')}`,
];
const TOOLS = ['Read src/index.ts', 'Shell: npm test', 'Edit src/parser.ts', 'Search: "retry"', 'Shell: git log --oneline -5', 'Write docs/notes.md'];
const PREVIEW_CHARS = 200;

const opaque = (seed: string, length: number) => createHash('sha256').update(seed).digest('base64').slice(0, length);
const conversationIdOf = (seed: string) => `cid${opaque(`conversation:${seed}`, 28)}==`;

/** What a busy bot writes for one incoming message: mostly answered turns, some ignored, some strangers, a failure now and then. */
function* messageEvents(rng: Rng, n: number): Generator<NewLogEvent> {
  const channel = rng.pick(CHANNELS);
  const person = rng.chance(0.06) ? { staffId: `stranger${rng.int(1, 500)}`, nick: `访客${rng.int(1, 500)}` } : rng.pick(PEOPLE);
  const inGroup = rng.chance(0.45);
  const title = rng.pick(GROUPS);
  const where = {
    channel,
    conversationId: conversationIdOf(inGroup ? title : person.staffId),
    conversationType: inGroup ? ('group' as const) : ('dm' as const),
    ...(inGroup ? { conversationTitle: title } : {}),
    senderStaffId: person.staffId,
    senderId: `$:LWCP_v1:$${opaque(`user:${person.staffId}`, 22)}`,
    nick: person.nick,
  };
  const msgId = `msg${opaque(`message:${n}`, 22)}`;
  const picture = rng.chance(0.05);
  const text = picture ? '[image]' : rng.pick(SAID);
  const mentioned = !inGroup || rng.chance(0.8);
  yield {
    kind: 'message.received',
    ...where,
    msgId,
    msgtype: picture ? 'picture' : 'text',
    preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text,
    mentioned,
  };
  if (!mentioned) {
    yield { kind: 'access.decision', ...where, msgId, decision: 'dropped', reason: 'the bot was not @-mentioned and this group requires it (requireMention)' };
    return;
  }
  if (person.staffId.startsWith('stranger')) {
    const code = String(rng.int(100_000, 999_999));
    yield { kind: 'access.decision', ...where, msgId, decision: 'pairing', reason: `pairing requested with code ${code}` };
    yield { kind: 'pairing.requested', channel, staffId: person.staffId, nick: person.nick, code, conversationId: where.conversationId, msgId };
    yield { kind: 'reply.sent', ...where, msgId, replyKind: 'notice', path: 'webhook', chunks: 1, text: `This bot needs its operator's approval first. Your pairing code is **${code}**` };
    return;
  }
  yield { kind: 'access.decision', ...where, msgId, decision: 'admitted', reason: 'on the allowedUsers list' };
  const sessionKey = `user:${where.conversationId}:${where.senderId}`;
  yield { kind: 'agent.turn.started', ...where, sessionKey, msgIds: [msgId] };
  for (let i = rng.int(0, 3); i > 0; i--) yield { kind: 'agent.tool', ...where, msgIds: [msgId], sessionKey, line: rng.pick(TOOLS) };
  if (rng.chance(0.03)) {
    const ref = `E-${opaque(`ref:${n}`, 6).toUpperCase()}`;
    const error = 'The agent stopped answering: the turn ran past its 10 minute limit';
    yield { kind: 'agent.turn.finished', ...where, sessionKey, msgIds: [msgId], outcome: 'timeout', durationMs: 600_000, error, ref };
    yield { kind: 'error', ...where, msgId, message: error, ref };
    yield { kind: 'reply.sent', ...where, msgId, replyKind: 'error', path: 'webhook', chunks: 1, text: `${error}\n\n(ref ${ref})` };
    return;
  }
  if (rng.chance(0.02)) {
    yield { kind: 'reply.failed', ...where, msgId, replyKind: 'answer', error: 'DingTalk answered 503 Service Unavailable', text: rng.pick(ANSWERS) };
  } else {
    yield { kind: 'reply.sent', ...where, msgId, replyKind: 'answer', path: rng.chance(0.9) ? 'webhook' : 'openapi', chunks: rng.int(1, 3), text: rng.pick(ANSWERS) };
  }
  yield { kind: 'agent.turn.finished', ...where, sessionKey, msgIds: [msgId], outcome: 'answered', durationMs: rng.int(1_500, 90_000) };
}

/** A dropped connection and its recovery, as the connection manager reports them. */
function* reconnection(rng: Rng): Generator<NewLogEvent> {
  const channel = rng.pick(CHANNELS);
  const now = Date.now();
  yield { kind: 'connection.state', channel, state: { status: 'reconnecting', reason: 'the socket went silent (no answer to 2 pings)', attempt: 1, nextAttemptAt: now + 1_000 } };
  yield { kind: 'connection.state', channel, state: { status: 'connecting', attempt: 1 } };
  yield { kind: 'connection.state', channel, state: { status: 'connected', since: now } };
}

/** DingTalk delivering the message before again, caught by the msgId check. */
function* duplicate(rng: Rng, n: number): Generator<NewLogEvent> {
  yield { kind: 'message.skipped', channel: rng.pick(CHANNELS), reason: 'duplicate', detail: 'DingTalk delivered this message again', msgId: `msg${opaque(`message:${n - 1}`, 22)}` };
}

/** A busy bot's events in the mix it makes them, until there are `count`; the same every run. */
function* history(count: number): Generator<NewLogEvent> {
  const rng = new Rng(0x10_6e_5e);
  let made = 0;
  for (let n = 0; made < count; n++) {
    const events = rng.chance(0.004) ? reconnection(rng) : rng.chance(0.005) ? duplicate(rng, n) : messageEvents(rng, n);
    for (const event of events) {
      if (made === count) return;
      made++;
      yield event;
    }
  }
}

/** Every file the log holds, newest first, with its size and how many events it has. */
async function logFiles(dir: string): Promise<Array<{ name: string; bytes: number; events: number }>> {
  const names = (await readdir(dir)).filter((name) => /^events(\.\d+)?\.jsonl$/.test(name));
  const order = (name: string) => Number(/\.(\d+)\.jsonl$/.exec(name)?.[1] ?? 0);
  names.sort((a, b) => order(a) - order(b));
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), 'utf8');
      return { name, bytes: Buffer.byteLength(text), events: text.split('\n').filter(Boolean).length };
    }),
  );
}

/**
 * `count` past events written by the app's own EventLog with its default limits, so the files are exactly
 * what a user's daemon reads (the log stamps each event with the time it is written). Fails when the log's
 * rotation has already dropped some of them.
 */
export async function writeLogHistory(dir: string, count: number): Promise<void> {
  const log = await EventLog.open({ dir });
  let written = 0;
  for (const event of history(count)) {
    log.append(event);
    if (++written % 10_000 === 0) await log.flush();
  }
  await log.flush();
  const files = await logFiles(dir);
  const kept = files.reduce((sum, file) => sum + file.events, 0);
  const sizes = files.map((file) => `${file.name} ${(file.bytes / 2 ** 20).toFixed(1)} MB`).join(', ');
  console.error(`${kept.toLocaleString('en')} events in ${sizes}`);
  if (kept !== count) throw new Error(`The event log's files keep ${kept} of the ${count} events written; the history is larger than the log holds.`);
}
