import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { DingTalkSimulator, type DingTalkSimulatorOptions } from '../../../../electron/core/platform/simulator/dingtalk/index.js';
import { DingTalkBot, type DingTalkBotOptions } from '../../../../electron/core/platform/dingtalk/dingtalk-bot.js';
import type { ConnectionTiming } from '../../../../electron/core/platform/dingtalk/connection-timing.js';
import type { ConnectionState } from '../../../../electron/core/chat/connection-state.js';
import type { InboundEnvelope } from '../../../../electron/core/platform/dingtalk/envelope.js';
import { EndpointsSchema } from '../../../../electron/core/platform/dingtalk/endpoints.js';

/** The connection loop's clock, shrunk so each fault plays out in a fraction of a second. */
export const FAST_TIMING: ConnectionTiming = {
  connectTimeoutMs: 2_000,
  backoffMinMs: 50,
  backoffMaxMs: 400,
  healthIntervalMs: 100,
  missedPongsAllowed: 2,
  serverSilenceMs: 1_500,
  clockJumpMs: 5_000,
  stableAfterMs: 300,
  closeGraceMs: 100,
};

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** A healthy fake DingTalk sends SYSTEM pings, as the real one does, well within FAST_TIMING's silence limit. */
export const FAST_PING_MS = 150;

export async function startFake(options: DingTalkSimulatorOptions = {}): Promise<DingTalkSimulator> {
  const fake = new DingTalkSimulator({ pingIntervalMs: FAST_PING_MS, ...options });
  await fake.start();
  cleanups.push(() => fake.stop());
  return fake;
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dingbridge-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface BotProbe {
  bot: DingTalkBot;
  messages: InboundEnvelope[];
  skipped: Array<{ reason: string; detail: string; msgId?: string }>;
  states: ConnectionState[];
}

export async function startBot(fake: DingTalkSimulator, options: Partial<DingTalkBotOptions> = {}): Promise<BotProbe> {
  const bot = await DingTalkBot.create({
    credentials: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret, robotCode: fake.app.robotCode ?? fake.app.clientId },
    endpoints: EndpointsSchema.parse(fake.endpoints),
    timing: FAST_TIMING,
    ...options,
  });
  const probe: BotProbe = { bot, messages: [], skipped: [], states: [] };
  bot.on('message', (envelope) => probe.messages.push(envelope));
  bot.on('skipped', (skip) => probe.skipped.push(skip));
  bot.on('state', (state) => probe.states.push(state));
  cleanups.push(() => bot.stop());
  bot.start();
  return probe;
}

/** What a fault's `answerAfter` waits for: the answer it holds goes out once the test calls `release`. */
export function heldAnswer(): { answerAfter: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const answerAfter = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { answerAfter, release };
}

export const liveConnections = (fake: DingTalkSimulator) => fake.connections().filter((c) => c.state !== 'closed');

export async function connected(fake: DingTalkSimulator, probe: BotProbe, count = 1): Promise<void> {
  await until(
    () => probe.bot.state.status === 'connected' && liveConnections(fake).length === count,
    `the bot connected with ${count} open connection(s)`,
  );
}

/**
 * Resolves as soon as `probe` holds (checked every few ms), or fails naming what never happened. The default is
 * patient, as a loaded machine is slow, yet gives up before the test's own limit, so the failure says what it waited for.
 */
export async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
