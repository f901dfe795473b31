import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ChannelSet, type ChannelSetOptions } from '../../../electron/core/engine/channel-set.js';
import { parseConfig } from '../../../electron/core/config/load-config.js';
import type { LogEvent } from '../../../electron/core/events/event-schema.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { FAST_TIMING, startFake, tempDir, until } from '../platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../agents/fake-agent-launch.js';
import type { DingTalkSimulator } from '../../../electron/core/platform/simulator/dingtalk/index.js';

const services: ChannelSet[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
});

export interface World {
  fake: DingTalkSimulator;
  service: ChannelSet;
  dataDir: string;
  cwd: string;
  /** Events of one kind, in order, as far back as the log keeps them in memory. */
  events(kind?: LogEvent['kind']): LogEvent[];
  outboxText(): string[];
  restart(): Promise<World>;
}

/** A service running one channel "team" against a fresh fake DingTalk and the scripted fake agent. */
export async function startWorld(channel: Record<string, unknown> = {}, options: { fake?: DingTalkSimulator; dataDir?: string; agentMode?: string; tuning?: ChannelSetOptions['channelTuning']; filesTool?: ChannelSetOptions['filesTool'] } = {}): Promise<World> {
  const fake = options.fake ?? (await startFake());
  const dataDir = options.dataDir ?? (await tempDir());
  const cwd = await tempDir();
  const { dingtalk, ...rest } = channel;
  const launch = fakeAgentLaunch({ FAKE_AGENT_MODE: options.agentMode ?? '' });
  const config = parseConfig(
    JSON.stringify({
      channels: {
        team: {
          dingtalk: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret, endpoints: fake.endpoints, ...(dingtalk as Record<string, unknown> | undefined) },
          cwd,
          instructions: '',
          senderPolicy: 'open',
          dispatchMode: 'collect',
          permissions: 'auto',
          agent: { preset: 'custom', command: launch.command, args: launch.args, env: launch.env },
          ...rest,
        },
      },
    }),
    'test config',
    {},
  );
  const service = await ChannelSet.create({
    dataDir,
    logger: silentLogger,
    channelTuning: { connectionTiming: FAST_TIMING, crashPolicy: { backoffMinMs: 10, backoffMaxMs: 20 }, retryWaitMs: 20, ...options.tuning },
    ...(options.filesTool ? { filesTool: options.filesTool } : {}),
  });
  services.push(service);
  await service.load(config);
  await until(() => service.channels()[0]?.connection.status === 'connected' || service.channels()[0]?.status === 'failed', 'the channel to connect');
  const world: World = {
    fake,
    service,
    dataDir,
    cwd,
    events: (kind) => service.log.recent({ limit: 100_000, ...(kind ? { kinds: [kind] } : {}) }),
    outboxText: () => fake.outbox.map((message) => message.text),
    restart: async () => {
      await service.close();
      return startWorld(channel, { ...options, fake, dataDir });
    },
  };
  return world;
}

export async function logFileText(world: World): Promise<string> {
  await world.service.log.flush();
  return readFile(join(world.dataDir, 'logs', 'events.jsonl'), 'utf8');
}
