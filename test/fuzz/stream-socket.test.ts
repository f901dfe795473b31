import { describe, expect, it } from 'vitest';
import { connected, FAST_TIMING, liveConnections, startBot, startFake, until } from '../core/platform/dingtalk/harness.js';
import { FrameGenerator, type FuzzFrame } from './stream-frames.js';
import { parseProblem, reasonProblem } from './frame-check.js';
import { prototypeSnapshot } from './hostile.js';
import { rngFor, seedNote } from './prng.js';

const FRAMES = 10_000;
const GOOD_EVERY = 50;
const BATCH = 100;

/** The messageIds the client wrote back, with how often: ACKs and ping echoes both name the frame they answer. */
function repliedIds(raws: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const raw of raws) {
    const reply = JSON.parse(raw) as { headers?: { messageId?: unknown } };
    const id = reply.headers?.messageId;
    if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('hostile Stream frames over the real WebSocket', () => {
  it(`survives ${FRAMES} hostile frames between good messages: one connection, every frame answered, every message once`, async () => {
    const rng = rngFor('stream-socket');
    // DingTalk's disconnect is a request to reconnect, so it is left to the unit-level run; everything else comes here.
    const generator = new FrameGenerator(rng, { disconnects: false, hugeBytes: 512 * 1024 });
    const fake = await startFake();
    // The fuzz's own SYSTEM pings teach the client that this server pings; only the silence check is relaxed for that.
    const probe = await startBot(fake, { timing: { ...FAST_TIMING, healthIntervalMs: 1_000, serverSilenceMs: 120_000, clockJumpMs: 30_000 } });
    await connected(fake, probe);
    const before = prototypeSnapshot();

    const frames: FuzzFrame[] = [];
    const good: Array<{ msgId: string; messageId: string; text: string }> = [];
    for (let i = 0; i < FRAMES; i++) {
      const frame = generator.next();
      frames.push(frame);
      fake.pushRawFrame(frame.raw);
      if (i % GOOD_EVERY === 0) {
        const text = `good message ${good.length}`;
        const pushed = fake.pushMessage({ text, sender: { staffId: `user${good.length % 7}` } });
        good.push({ msgId: pushed.msgId, messageId: pushed.messageId, text });
      }
      // Let the client keep up, as a real gateway's pace would.
      if (i % BATCH === BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
    }

    const withOutcome = frames.filter((frame) => frame.outcome !== 'none');
    const expectedOutcomes = withOutcome.length + good.length;
    await until(
      () => probe.messages.length + probe.skipped.length >= expectedOutcomes,
      seedNote(`${expectedOutcomes} outcomes (got ${probe.messages.length} messages and ${probe.skipped.length} skipped)`),
      60_000,
    );
    const answered = frames.filter((frame) => frame.reply !== 'none').length;
    await until(() => fake.acks.length >= good.length && fake.clientFrames.length >= answered + good.length, seedNote('every ACK and echo'), 30_000);
    // Anything late would show up now as an extra outcome or reply.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const problems: string[] = [];
    const note = (frame: FuzzFrame, problem: string) => {
      if (problems.length < 20) problems.push(`${frame.kind} ${frame.messageId ?? '(no id)'}: ${problem} — ${frame.raw.slice(0, 120)}`);
    };

    const replies = repliedIds(fake.clientFrames.map((frame) => frame.raw));
    const messagesByStream = new Map(probe.messages.map((envelope) => [envelope.streamMessageId, envelope]));
    const skippedById = new Map<string, Array<{ reason: string; detail: string }>>();
    let skippedWithoutId = 0;
    for (const skip of probe.skipped) {
      if (skip.msgId === undefined) skippedWithoutId += 1;
      else skippedById.set(skip.msgId, [...(skippedById.get(skip.msgId) ?? []), skip]);
    }

    for (const frame of frames) {
      const id = frame.messageId;
      if (id === undefined) continue;
      const replyCount = replies.get(id) ?? 0;
      if (replyCount !== (frame.reply === 'none' ? 0 : 1)) note(frame, `answered ${replyCount} times, expected ${frame.reply}`);
      const envelope = messagesByStream.get(id);
      const skips = skippedById.get(id) ?? [];
      const outcomes = (envelope ? 1 : 0) + skips.length;
      if (frame.outcome === 'none') {
        if (outcomes) note(frame, `a control frame produced ${outcomes} outcomes`);
        continue;
      }
      if (outcomes !== 1) {
        note(frame, `expected one outcome, got ${outcomes}`);
        continue;
      }
      if (envelope) {
        const problem = parseProblem(frame, { ok: true, envelope });
        if (problem) note(frame, problem);
      } else {
        const [skip] = skips;
        if (frame.outcome === 'message') note(frame, `refused: ${skip?.detail}`);
        else if (skip?.reason !== 'malformed') note(frame, `skipped as ${skip?.reason}`);
        else {
          const problem = reasonProblem(skip.detail);
          if (problem) note(frame, problem);
        }
      }
    }
    expect(problems, seedNote(`frames mishandled over the socket, of ${FRAMES}`)).toEqual([]);
    const withoutId = frames.filter((frame) => frame.messageId === undefined);
    expect(skippedWithoutId, seedNote('frames without a messageId reported as skipped')).toBe(withoutId.length);
    expect(probe.skipped.filter((skip) => skip.reason === 'duplicate'), seedNote('duplicates')).toEqual([]);

    for (const message of good) {
      const arrived = probe.messages.filter((envelope) => envelope.msgId === message.msgId);
      expect(arrived.map((envelope) => envelope.text), seedNote(`good message ${message.msgId}`)).toEqual([message.text]);
      expect(fake.acks.filter((ack) => ack.messageId === message.messageId).length, seedNote(`ACKs of ${message.msgId}`)).toBe(1);
    }
    expect(probe.messages.length + probe.skipped.length, seedNote('outcomes in all')).toBe(expectedOutcomes);

    // One connection from start to finish: no reconnect, nothing closed.
    expect(fake.gatewayCalls, seedNote('gateway calls')).toBe(1);
    expect(probe.states.map((state) => state.status), seedNote('connection states')).toEqual(['connecting', 'connected']);
    expect(liveConnections(fake), seedNote('open connections')).toHaveLength(1);
    expect(prototypeSnapshot(), seedNote('Object.prototype after the run')).toBe(before);

    // And it still works as normal.
    const after = fake.pushMessage({ text: 'after the storm' });
    await until(() => probe.messages.some((envelope) => envelope.msgId === after.msgId), 'a message after the fuzz');
  }, 120_000);
});
