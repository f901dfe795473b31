import { join } from 'node:path';
import type { Logger } from '../base/logger.js';
import type { ChannelConfig } from '../config/channel-schema.js';
import type { ChatPlatform } from '../platform/chat-platform.js';
import { DingTalkBot } from '../platform/dingtalk/dingtalk-bot.js';
import { DEFAULT_CONNECTION_TIMING, type ConnectionTiming } from '../platform/dingtalk/connection-timing.js';
import type { BotCredentials } from '../platform/dingtalk/credentials.js';
import type { Endpoints } from '../platform/dingtalk/endpoints.js';
import type { Attachment, InboundEnvelope } from '../platform/dingtalk/envelope.js';
import { megabytes } from '../platform/dingtalk/download-limit.js';
import { SimulatorChat } from '../platform/simulator/simulator-chat.js';
import { SimulatorPlatform } from '../platform/simulator/simulator-platform.js';
import { CARD_WORDS } from '../reply/words/card-words.js';

export interface PlatformDeps {
  /** Where the platform keeps what must survive a restart (the channel's own state folder). */
  dataDir: string;
  /** Where the count of each DingTalk app's API calls is kept, shared by the channels of that app. */
  usageDir: string;
  logger: Logger;
  connectionTiming?: Partial<ConnectionTiming>;
  /** The window of DingTalk's per-minute webhook limit; tests shrink it. */
  rateWindowMs?: number;
  retryWaitMs?: number;
}

/** The platforms a channel can open so far: DingTalk, and the simulator that stands in for it, speak DingTalk's messages. */
export type ChannelPlatform = ChatPlatform<InboundEnvelope, Attachment>;

export interface OpenedPlatform {
  platform: ChannelPlatform;
  /** The simulator's chat, for the window, when the channel is a simulator. */
  simulator?: SimulatorChat;
}

/** The simulator pings as often as DingTalk's gateway does (every 20–30 s), or more often when the silence limit is shorter. */
const SIMULATOR_PING_MS = 25_000;

/** The platform a channel's settings name: a DingTalk bot, or the simulator's stand-in DingTalk with a bot on it. */
export async function openPlatform(config: ChannelConfig, deps: PlatformDeps): Promise<OpenedPlatform> {
  if (config.type === 'simulator') {
    const silence = { ...DEFAULT_CONNECTION_TIMING, ...deps.connectionTiming }.serverSilenceMs;
    const chat = await SimulatorChat.start(Math.min(SIMULATOR_PING_MS, silence / 3));
    try {
      const bot = await dingTalkBot(chat.credentials, chat.endpoints, config, deps);
      return { platform: new SimulatorPlatform(chat, bot), simulator: chat };
    } catch (error) {
      await chat.stop();
      throw error;
    }
  }
  const { clientId, clientSecret, robotCode, endpoints } = config.dingtalk;
  if (!clientId || !clientSecret) throw new Error('A DingTalk channel needs its AppKey and AppSecret.');
  const usageFile = join(deps.usageDir, `${clientId}.json`);
  return { platform: await dingTalkBot({ clientId, clientSecret, robotCode: robotCode ?? clientId }, endpoints, config, deps, usageFile) };
}

/** `usageFile`: where the app's API calls are counted; none for the simulator's stand-in, whose calls cost nothing. */
function dingTalkBot(credentials: BotCredentials, endpoints: Endpoints, config: ChannelConfig, deps: PlatformDeps, usageFile?: string): Promise<DingTalkBot> {
  return DingTalkBot.create({
    credentials,
    endpoints,
    // The simulator's stand-in is on this machine: a proxy from the environment must not be asked to reach it.
    proxy: config.type === 'simulator' ? '' : config.dingtalk.proxy,
    dataDir: deps.dataDir,
    logger: deps.logger,
    timing: deps.connectionTiming,
    tables: config.dingtalk.tables,
    media: { maxBytes: megabytes(config.dingtalk.maxDownloadMB) },
    rateWindowMs: deps.rateWindowMs,
    retryWaitMs: deps.retryWaitMs,
    ...(usageFile ? { usageFile } : {}),
    // Also when the channel answers in messages now: a card a crash left open before the switch is still ended.
    cards: {
      settings: config.dingtalk.card,
      tables: config.dingtalk.tables,
      notes: { interrupted: CARD_WORDS.interrupted(config.chatLanguage), inMessage: CARD_WORDS.inMessage(config.chatLanguage), stop: CARD_WORDS.stopButton(config.chatLanguage) },
    },
  });
}
