import { performance } from 'node:perf_hooks';
import { DingTalkSimulator } from '../electron/core/platform/simulator/dingtalk/index.js';
import type { Ack, CardRecord, Delivery, DingTalkSimulatorOptions, PushMessageInput, SentMessage } from '../electron/core/platform/simulator/dingtalk/types.js';
import type { Counts, HostReply, HostRequest } from './simulator-protocol.js';

/**
 * The fake DingTalk in a process of its own, driven over IPC by the benchmarks. A real DingTalk is on
 * another machine: sharing an event loop with the bridge would put the fake's work inside the bridge's numbers.
 * Times are taken with performance.now() here, so pushes, ACKs and replies are on one sub-millisecond clock.
 */
let simulator: DingTalkSimulator | undefined;
const deliveredAt = new Map<string, number>();
const ackLatencies: number[] = [];
const replies: { conversationId: string; text: string; at: number }[] = [];
/** The pictures and files among the replies: when their record reached the outbox. */
const files: { conversationId: string; name: string; kind: 'image' | 'file'; bytes: number; at: number }[] = [];
/** Each AI card's first frame that holds text: when a person first sees words of the answer. */
const cardTexts: { conversationId: string; text: string; at: number }[] = [];
const cardsWithText = new Set<string>();
const cardsEnded = new Set<string>();

const waiters = new Set<() => void>();

function counts(): Counts {
  return { acks: ackLatencies.length, replies: replies.length, files: files.length, answers: replies.length - files.length, cardTexts: cardTexts.length, cardsEnded: cardsEnded.size, live: started().connections().filter((c) => c.state === 'live').length };
}

/** Resolves once every given count is reached, re-checked on each change; a dot a second shows it is alive. */
function waitFor(target: Partial<Counts>, timeoutMs: number): Promise<Counts> {
  const reached = () => {
    const now = counts();
    return Object.entries(target).every(([key, value]) => now[key as keyof Counts] >= (value ?? 0)) ? now : undefined;
  };
  return new Promise((resolve, reject) => {
    const begun = Date.now();
    const dots = setInterval(() => process.stderr.write('.'), 1000);
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${JSON.stringify(target)}; have ${JSON.stringify(counts())}`)), timeoutMs);
    const check = () => {
      const now = reached();
      if (now) finish(undefined, now);
    };
    const finish = (error?: Error, now?: Counts) => {
      waiters.delete(check);
      clearInterval(dots);
      clearTimeout(timer);
      if (Date.now() - begun >= 1000) process.stderr.write('\n');
      if (error) reject(error);
      else resolve(now as Counts);
    };
    waiters.add(check);
    check();
  });
}

function started(): DingTalkSimulator {
  if (!simulator) throw new Error('the simulator is not started');
  return simulator;
}

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.op) {
    case 'start': {
      simulator = new DingTalkSimulator(request.options as DingTalkSimulatorOptions);
      simulator.on('change', (kind: string, record: unknown) => {
        const now = performance.now();
        if (kind === 'deliveries') deliveredAt.set((record as Delivery).messageId, now);
        if (kind === 'acks') {
          const at = deliveredAt.get((record as Ack).messageId);
          if (at !== undefined) ackLatencies.push(now - at);
        }
        if (kind === 'outbox') {
          const sent = record as SentMessage;
          replies.push({ conversationId: sent.conversationId, text: sent.text, at: now });
          if (sent.file) files.push({ conversationId: sent.conversationId, name: sent.file.name, kind: sent.file.kind, bytes: sent.file.bytes, at: now });
        }
        if (kind === 'cards') {
          const card = record as CardRecord;
          const frame = card.frames.find((each) => each.content.trim());
          if (card.flowStatus === '3' || card.flowStatus === '5') cardsEnded.add(card.outTrackId);
          if (frame && !cardsWithText.has(card.outTrackId)) {
            cardsWithText.add(card.outTrackId);
            cardTexts.push({ conversationId: card.conversationId, text: frame.content, at: now });
          }
        }
        for (const check of waiters) check();
      });
      await simulator.start();
      return { endpoints: simulator.endpoints, apps: simulator.apps };
    }
    case 'push': {
      const pushed = started().pushMessages(request.messages as PushMessageInput[]);
      // The batch was written corked: its frames left together, now.
      const flushedAt = performance.now();
      for (const { messageId } of pushed) deliveredAt.set(messageId, flushedAt);
      return pushed.map(({ msgId }) => ({ msgId, at: flushedAt }));
    }
    case 'wait':
      return waitFor(request.target as Partial<Counts>, request.timeoutMs);
    case 'results':
      return { ackLatencies, replies, files, cardTexts };
    case 'reset':
      ackLatencies.length = 0;
      replies.length = 0;
      files.length = 0;
      cardTexts.length = 0;
      cardsWithText.clear();
      cardsEnded.clear();
      return null;
    case 'stop':
      await simulator?.stop();
      return null;
  }
}

process.on('message', (request: HostRequest) => {
  handle(request).then(
    (value): HostReply => ({ id: request.id, ok: true, value }),
    (error: unknown): HostReply => ({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  ).then((reply) => {
    process.send?.(reply);
    // Leaving the IPC channel lets the process end on its own once the simulator has stopped.
    if (request.op === 'stop') process.disconnect();
  });
});
