import { describe, expect, it } from 'vitest';
import { StreamClient } from '../../electron/core/platform/dingtalk/stream-client.js';
import { ROBOT_TOPIC, StreamFrameSchema, salvageMessageId, type StreamFrame } from '../../electron/core/platform/dingtalk/stream-frame.js';
import { parseRobotFrame } from '../../electron/core/platform/dingtalk/inbound-parser.js';
import { AccessTokenCache } from '../../electron/core/platform/dingtalk/token-cache.js';
import { EndpointsSchema } from '../../electron/core/platform/dingtalk/endpoints.js';
import { ProxyRules } from '../../electron/core/platform/dingtalk/proxy-rules.js';
import { robotFrame } from '../core/platform/dingtalk/frames.js';
import { FrameGenerator, type FuzzFrame } from './stream-frames.js';
import { parseProblem, reasonProblem } from './frame-check.js';
import { prototypeSnapshot, randomJson, randomString } from './hostile.js';
import { rngFor, seedNote } from './prng.js';

const FRAMES = 12_000;
const EXTRA_DATA = 3_000;

interface Seen {
  sent: string[];
  robot: StreamFrame[];
  malformed: Array<{ reason: string; messageId: string | undefined }>;
  disconnects: string[];
}

/** A StreamClient fed directly, its socket a recorder: the real frame handling, SDK included, without a server. */
function clientUnderTest(): { client: StreamClient; seen: Seen } {
  const seen: Seen = { sent: [], robot: [], malformed: [], disconnects: [] };
  const endpoints = EndpointsSchema.parse({ api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:9' });
  const credentials = { clientId: 'fuzz', clientSecret: 'fuzz-secret' };
  const client = new StreamClient({
    credentials,
    endpoints,
    tokens: new AccessTokenCache(credentials, endpoints),
    proxy: ProxyRules.of(''),
    hooks: {
      robotFrame: (frame) => seen.robot.push(frame),
      cardFrame() {},
      anyFrame() {},
      serverDisconnect: (reason) => seen.disconnects.push(reason),
      pong() {},
      closed() {},
      malformedFrame: (reason, messageId) => seen.malformed.push({ reason, messageId }),
    },
  });
  const socket = { OPEN: 1, readyState: 1, send: (data: string) => seen.sent.push(data), ping() {} };
  (client as unknown as { socket: unknown }).socket = socket;
  return { client, seen };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** What went back on the socket for one frame, as the generator's Reply kinds. */
function repliesOf(sent: string[], frame: FuzzFrame): string | undefined {
  if (frame.reply === 'none') return sent.length === 0 ? undefined : `expected no reply, got ${sent.length}`;
  if (sent.length !== 1) return `expected one ${frame.reply}, got ${sent.length} replies`;
  const reply = JSON.parse(sent[0] ?? '') as { code?: unknown; headers?: { messageId?: unknown }; data?: unknown };
  if (reply.code !== 200 || reply.headers?.messageId !== frame.messageId) return `the ${frame.reply} names ${String(reply.headers?.messageId)}`;
  if (frame.reply === 'ack' && JSON.parse(String(reply.data)).status !== 'SUCCESS') return 'the ACK does not say SUCCESS';
  return undefined;
}

/** The pure functions on their own: schema, salvage and parser never throw and agree with the generator. */
function pureProblem(frame: FuzzFrame): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(frame.raw);
  } catch {
    return frame.outcome === 'malformed' && frame.messageId === undefined ? undefined : 'the generator made text that is not JSON for a frame it expects to be read';
  }
  const parsed = StreamFrameSchema.safeParse(raw);
  const salvaged = salvageMessageId(raw);
  if (!parsed.success) {
    if (frame.outcome === 'message' || frame.outcome === 'none') return 'a frame of valid shape failed the frame schema';
    return salvaged === frame.messageId ? undefined : `salvaged messageId ${String(salvaged)}, expected ${String(frame.messageId)}`;
  }
  if (parsed.data.headers.messageId !== frame.messageId) return 'the frame schema read another messageId';
  // Whatever the type and topic, the parser must answer rather than throw.
  const result = parseRobotFrame(parsed.data, 1);
  const isRobot = parsed.data.type === 'CALLBACK' && parsed.data.headers.topic === ROBOT_TOPIC;
  return isRobot ? parseProblem(frame, result) : result.ok ? undefined : reasonProblem(result.reason);
}

/** The client: one reply of the right kind, and exactly the outcome the frame calls for. */
function clientProblem(frame: FuzzFrame, seen: Seen): string | undefined {
  const reply = repliesOf(seen.sent, frame);
  if (reply) return reply;
  const outcomes = seen.robot.length + seen.malformed.length;
  if (frame.disconnect) return seen.disconnects.length === 1 && outcomes === 0 ? undefined : 'a disconnect was not reported once';
  if (seen.disconnects.length) return 'a disconnect was reported for a frame that is not one';
  if (frame.outcome === 'none') return outcomes === 0 ? undefined : `expected no outcome, got ${outcomes}`;
  if (outcomes !== 1) return `expected one outcome, got ${outcomes}`;
  const [malformed] = seen.malformed;
  if (malformed) {
    if (frame.outcome === 'message') return `expected a message, the frame was refused: ${malformed.reason}`;
    if (malformed.messageId !== frame.messageId) return `reported as malformed under messageId ${String(malformed.messageId)}`;
    return reasonProblem(malformed.reason);
  }
  const [handed] = seen.robot;
  return handed ? parseProblem(frame, parseRobotFrame(handed, 1)) : 'no outcome';
}

describe('hostile Stream frames at the parser', () => {
  it(`handles ${FRAMES} generated frames exactly as their shape requires, without throwing or polluting prototypes`, async () => {
    const rng = rngFor('frame-parser');
    const generator = new FrameGenerator(rng);
    const { client, seen } = clientUnderTest();
    const before = prototypeSnapshot();
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    for (let i = 0; i < FRAMES; i++) {
      const frame = generator.next();
      kinds.set(frame.kind, (kinds.get(frame.kind) ?? 0) + 1);
      seen.sent.length = 0;
      seen.robot.length = 0;
      seen.malformed.length = 0;
      seen.disconnects.length = 0;
      let problem: string | undefined;
      try {
        problem = pureProblem(frame);
        client.onDownStream(frame.raw);
        await nextTurn();
        problem ??= clientProblem(frame, seen);
      } catch (error) {
        problem = `threw ${error instanceof Error ? error.message : String(error)}`;
      }
      if (problem && problems.length < 20) problems.push(`frame #${i} (${frame.kind}): ${problem} — ${frame.raw.slice(0, 160)}`);
    }
    expect(problems, seedNote(`frames handled wrongly, of ${FRAMES}`)).toEqual([]);
    expect(prototypeSnapshot(), seedNote('Object.prototype after the run')).toBe(before);
    // Every family of hostile frame was really produced.
    for (const kind of ['garbage', 'type-unknown', 'messageId-on-proto', 'data-not-object', 'conversationId-on-proto', 'deep-nesting', 'mention-on-proto', 'system-ping', 'system-disconnect', 'system-ping-unechoable', 'event', 'callback-other-topic']) {
      expect(kinds.get(kind) ?? 0, seedNote(`frames of kind ${kind}`)).toBeGreaterThan(0);
    }
  });

  it(`reads ${EXTRA_DATA} more robot frames whose data is random JSON or text, never throwing`, () => {
    const rng = rngFor('robot-data');
    const before = prototypeSnapshot();
    const problems: string[] = [];
    for (let i = 0; i < EXTRA_DATA; i++) {
      const data = rng.chance(0.8) ? randomJson(rng, 5) : randomString(rng, 300);
      let problem: string | undefined;
      try {
        const result = parseRobotFrame(robotFrame(data, `extra-${i}`), 1);
        // Random JSON may happen to name a conversation and a sender; anything else must be refused with a reason.
        problem = result.ok ? parseProblem({ raw: data, kind: 'random-data', messageId: `extra-${i}`, outcome: 'either', reply: 'ack' }, result) : reasonProblem(result.reason);
      } catch (error) {
        problem = `threw ${error instanceof Error ? error.message : String(error)}`;
      }
      if (problem && problems.length < 20) problems.push(`data #${i}: ${problem} — ${data.slice(0, 160)}`);
    }
    expect(problems, seedNote(`robot data read wrongly, of ${EXTRA_DATA}`)).toEqual([]);
    expect(prototypeSnapshot(), seedNote('Object.prototype after the run')).toBe(before);
  });
});

describe('the reasons given for frames that cannot be read', () => {
  it('say when a frame or its data is not an object, and quote an unknown type briefly', async () => {
    const { client, seen } = clientUnderTest();
    client.onDownStream('[1,2,3]');
    client.onDownStream(JSON.stringify({ type: 'x'.repeat(100_000), headers: { messageId: 'long-type', topic: 't' } }));
    await nextTurn();
    expect(seen.malformed).toEqual([
      { reason: 'the frame is not a JSON object', messageId: undefined },
      { reason: `unknown frame type "${'x'.repeat(40)}…"`, messageId: 'long-type' },
    ]);
    expect(parseRobotFrame(robotFrame('[]'))).toEqual({ ok: false, reason: 'the robot message is not a JSON object' });
  });
});
