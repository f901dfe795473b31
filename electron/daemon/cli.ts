import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EndpointsSchema } from '../core/dingtalk/endpoints.js';
import { checkConnection } from '../core/dingtalk/connection-check.js';
import { DingTalkBot } from '../core/dingtalk/dingtalk-bot.js';
import type { InboundEnvelope } from '../core/dingtalk/envelope.js';
import type { ConnectionState } from '../core/dingtalk/connection-state.js';
import { consoleLogger } from './console-logger.js';

const USAGE = `Usage:
  dingbridge check  --client-id ID [--client-secret SECRET] [--api URL]
  dingbridge listen --client-id ID [--client-secret SECRET] [--robot-code CODE] [--api URL] [--echo] [--verbose]

The secret may also come from the DINGTALK_CLIENT_SECRET environment variable (keeps it out of ps).
  check   asks DingTalk whether the AppKey/AppSecret work and Stream Mode is available.
  listen  connects the bot and prints every message with its conversationId and sender staffId;
          with --echo it answers each message, proving the reply path.`;

const OPTIONS = {
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'robot-code': { type: 'string' },
  api: { type: 'string' },
  oapi: { type: 'string' },
  'data-dir': { type: 'string' },
  echo: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const clientId = values['client-id']?.trim();
  const clientSecret = (values['client-secret'] ?? process.env.DINGTALK_CLIENT_SECRET)?.trim();
  if (!clientId) throw new UsageError('--client-id is required (the AppKey / Client ID from the developer portal).');
  if (!clientSecret) {
    throw new UsageError('The AppSecret is missing: pass --client-secret or set DINGTALK_CLIENT_SECRET.');
  }
  const endpointsResult = EndpointsSchema.safeParse({ api: values.api, oapi: values.oapi });
  if (!endpointsResult.success) {
    const issue = endpointsResult.error.issues[0];
    throw new UsageError(`--${issue?.path.join('.') ?? 'api'} ${issue?.message ?? 'is invalid'}.`);
  }
  const endpoints = endpointsResult.data;

  if (command === 'check') {
    console.log('Checking the credentials with DingTalk…');
    const result = await checkConnection({ clientId, clientSecret }, endpoints);
    for (const step of result.steps) console.log(`${step.ok ? '✔' : '✘'} ${step.message}`);
    return result.ok ? 0 : 1;
  }
  if (command === 'listen') {
    const bot = await DingTalkBot.create({
      credentials: { clientId, clientSecret, robotCode: values['robot-code']?.trim() || clientId },
      endpoints,
      dataDir: values['data-dir'] ?? join(process.env.DINGBRIDGE_HOME ?? join(homedir(), '.dingbridge'), 'listen'),
      logger: consoleLogger(values.verbose),
    });
    bot.on('state', (state) => console.log(describeState(state)));
    bot.on('skipped', (skip) => console.log(`· skipped (${skip.reason}): ${skip.detail}`));
    bot.on('message', (envelope) => {
      console.log(describeMessage(envelope));
      if (values.echo) void echo(bot, envelope);
    });
    bot.start();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log('Stopping…');
    await bot.stop();
    return 0;
  }
  throw new UsageError(`Unknown command "${command}". Commands: check, listen.`);
}

async function echo(bot: DingTalkBot, envelope: InboundEnvelope): Promise<void> {
  const working = await bot.markWorking(envelope);
  const said = envelope.text || envelope.unsupported || `(${envelope.msgtype})`;
  const report = await bot.reply(envelope, `**Dingbridge heard you**\n\n> ${said}`);
  await working.recall();
  console.log(report.ok ? `  ↳ replied via ${report.path}` : `  ↳ reply failed: ${report.error}`);
}

function describeState(state: ConnectionState): string {
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
  const where =
    envelope.conversation.type === 'group' ? `group "${envelope.conversation.title ?? ''}"` : 'direct message';
  const who = `${envelope.sender.nick} (staffId ${envelope.sender.staffId ?? '—'})`;
  const what = envelope.text || envelope.unsupported || envelope.attachments.map((a) => `[${a.kind}]`).join(' ');
  return `✉ ${where} conversationId=${envelope.conversation.id}\n  from ${who}${envelope.isMentioned ? ', mentioned the bot' : ''}: ${what}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`dingbridge: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
