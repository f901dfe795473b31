import { join } from 'node:path';
import { EndpointsSchema } from '../core/platform/dingtalk/endpoints.js';
import { ProxySettingSchema } from '../core/platform/dingtalk/proxy-setting.js';
import { checkConnection } from '../core/platform/dingtalk/connection-check.js';
import { DingTalkBot } from '../core/platform/dingtalk/dingtalk-bot.js';
import type { InboundEnvelope } from '../core/platform/dingtalk/envelope.js';
import type { ConnectionState } from '../core/chat/connection-state.js';
import { consoleLogger } from './console-logger.js';
import { UsageError } from './usage-error.js';
import { waitForStopSignal } from './stop-signal.js';

export interface BotFlags {
  'client-id'?: string;
  'client-secret'?: string;
  'robot-code'?: string;
  api?: string;
  proxy?: string;
  echo?: boolean;
  verbose?: boolean;
}

function credentialsFrom(flags: BotFlags) {
  const clientId = flags['client-id']?.trim();
  const clientSecret = (flags['client-secret'] ?? process.env.DINGTALK_CLIENT_SECRET)?.trim();
  if (!clientId) throw new UsageError('--client-id is required (the AppKey / Client ID from the developer portal).');
  if (!clientSecret) throw new UsageError('The AppSecret is missing: pass --client-secret or set DINGTALK_CLIENT_SECRET.');
  const endpoints = EndpointsSchema.safeParse({ api: flags.api });
  if (!endpoints.success) {
    const issue = endpoints.error.issues[0];
    throw new UsageError(`--${issue?.path.join('.') ?? 'api'} ${issue?.message ?? 'is invalid'}.`);
  }
  const proxy = ProxySettingSchema.optional().safeParse(flags.proxy);
  if (!proxy.success) throw new UsageError(`--proxy ${proxy.error.issues[0]?.message ?? 'is invalid'}.`);
  return { clientId, clientSecret, endpoints: endpoints.data, proxy: proxy.data };
}

/** `dingbridge check`: are the AppKey and AppSecret right, and is Stream Mode available? */
export async function runCheck(flags: BotFlags): Promise<number> {
  const { clientId, clientSecret, endpoints, proxy } = credentialsFrom(flags);
  console.log('Checking the credentials with DingTalk…');
  const result = await checkConnection({ clientId, clientSecret }, endpoints, proxy);
  for (const step of result.steps) console.log(`${step.ok ? '✔' : '✘'} ${step.message}`);
  return result.ok ? 0 : 1;
}

/** `dingbridge listen`: connect the bot and print every message (and echo it, with --echo). */
export async function runListen(flags: BotFlags, dataDir: string): Promise<number> {
  const { clientId, clientSecret, endpoints, proxy } = credentialsFrom(flags);
  const bot = await DingTalkBot.create({
    credentials: { clientId, clientSecret, robotCode: flags['robot-code']?.trim() || clientId },
    endpoints,
    proxy,
    dataDir: join(dataDir, 'listen'),
    logger: consoleLogger(flags.verbose ?? false),
  });
  const lineFor = connectionLines();
  bot.on('state', (state) => {
    const line = lineFor(state);
    if (line) console.log(line);
  });
  bot.on('skipped', (skip) => console.log(`· skipped (${skip.reason}): ${skip.detail}`));
  bot.on('message', (envelope) => {
    console.log(describeMessage(envelope));
    // Printed is all `listen` owes a message: it is not shown again after a restart.
    bot.handedOn(envelope.msgId);
    if (flags.echo) void echo(bot, envelope);
  });
  bot.start();
  await waitForStopSignal();
  console.log('Stopping…');
  await bot.stop();
  return 0;
}

async function echo(bot: DingTalkBot, envelope: InboundEnvelope): Promise<void> {
  const working = await bot.markWorking(envelope);
  const said = envelope.text || envelope.unsupported || `(${envelope.msgtype})`;
  const report = await bot.reply(envelope, `**Dingbridge heard you**\n\n> ${said}`);
  await working.recall();
  console.log(report.ok ? `  ↳ replied via ${report.path}` : `  ↳ reply failed: ${report.error}`);
}

/**
 * Connection states as terminal lines, each failure said once: while the same failure repeats (the bot retries
 * with a growing wait) nothing more is printed, and connecting again says how many tries it took.
 */
export function connectionLines(): (state: ConnectionState) => string | undefined {
  let failure: string | undefined;
  let failures = 0;
  return (state) => {
    switch (state.status) {
      case 'connecting':
        return failure === undefined ? describeState(state) : undefined;
      case 'reconnecting':
      case 'failed': {
        failures += 1;
        const repeated = state.reason === failure;
        failure = state.reason;
        if (state.status === 'failed') return describeState(state);
        return repeated ? undefined : `${describeState(state)} (repeats of this are not printed)`;
      }
      case 'connected': {
        const line = failures === 0 ? describeState(state) : `${describeState(state)} after ${failures} failed attempt${failures === 1 ? '' : 's'}`;
        failure = undefined;
        failures = 0;
        return line;
      }
      case 'stopped':
        return describeState(state);
    }
  };
}

export function describeState(state: ConnectionState): string {
  switch (state.status) {
    case 'connected':
      return '● connected to DingTalk';
    case 'connecting':
      return `○ connecting (attempt ${state.attempt})…`;
    case 'reconnecting':
      return `○ ${state.reason}; reconnecting in ${Math.max(0, Math.round((state.nextAttemptAt - Date.now()) / 1000))} s`;
    case 'failed':
      return `✘ ${state.reason}`;
    case 'stopped':
      return '○ stopped';
  }
}

function describeMessage(envelope: InboundEnvelope): string {
  const where = envelope.conversation.type === 'group' ? `group "${envelope.conversation.title ?? ''}"` : 'direct message';
  const who = `${envelope.sender.nick} (staffId ${envelope.sender.staffId ?? '—'})`;
  const what = envelope.text || envelope.unsupported || envelope.attachments.map((a) => `[${a.kind}]`).join(' ');
  return `✉ ${where} conversationId=${envelope.conversation.id}\n  from ${who}${envelope.isMentioned ? ', mentioned the bot' : ''}: ${what}`;
}
