import { DingTalkSimulator } from '../electron/core/simulator/dingtalk/index.js';
import { DingTalkBot } from '../electron/core/dingtalk/dingtalk-bot.js';
import { EndpointsSchema } from '../electron/core/dingtalk/endpoints.js';
import { summarize, type Summary } from './stats.js';

/** Waits for `probe`, printing a dot every second so a long wait shows it is alive. */
async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  let dots = 0;
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const seconds = Math.floor((Date.now() - started) / 1000);
    if (seconds > dots) {
      dots = seconds;
      process.stderr.write('.');
    }
  }
  if (dots) process.stderr.write('\n');
  return Date.now() - started;
}

async function withBot<T>(fakeOptions: ConstructorParameters<typeof DingTalkSimulator>[0], run: (fake: DingTalkSimulator, bot: DingTalkBot) => Promise<T>): Promise<T> {
  const fake = new DingTalkSimulator(fakeOptions);
  await fake.start();
  const bot = await DingTalkBot.create({
    credentials: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret, robotCode: fake.app.clientId },
    endpoints: EndpointsSchema.parse(fake.endpoints),
  });
  try {
    bot.start();
    await until(() => bot.state.status === 'connected', 10_000, 'the first connection');
    return await run(fake, bot);
  } finally {
    await bot.stop();
    await fake.stop();
  }
}

const live = (fake: DingTalkSimulator) => fake.connections().filter((c) => c.state === 'live');

/**
 * ACK latency as the fake records it (frame written to the socket → ACK read back), with messages arriving
 * `burst` at a time. The fake shares the process, so its own work is inside the number.
 */
export async function ackLatency(burst: number, messages = 2_000): Promise<Summary> {
  return withBot({ pingIntervalMs: 0 }, async (fake) => {
    for (let sent = 0; sent < messages; sent += burst) {
      for (let i = sent; i < Math.min(messages, sent + burst); i++) {
        fake.pushMessage({ text: `bench ${i}`, sender: { staffId: `u${i % 50}` } });
      }
      const target = Math.min(messages, sent + burst);
      await until(() => fake.acks.length >= target, 10_000, 'the ACKs');
    }
    return summarize(`ACK latency, ${burst} at a time`, fake.acks.map((ack) => ack.latencyMs), 'ms', 'p99 ≤ 5');
  });
}

/** SYSTEM disconnect → a new live connection, with the default (production) timing. */
export async function reconnectAfterDisconnect(rounds = 20): Promise<Summary> {
  return withBot({ pingIntervalMs: 0 }, async (fake) => {
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [current] = live(fake);
      const asked = Date.now();
      fake.disconnect(current?.id);
      await until(() => live(fake).some((c) => c.id !== current?.id), 5_000, 'the replacement');
      times.push(Date.now() - asked);
    }
    return summarize('disconnect → connected', times, 'ms', '≤ 2000');
  });
}

/** A socket that goes silent → replaced, with the default timing; `answerPings` picks the kind of zombie. */
export async function zombieReplacement(answerPings: boolean): Promise<Summary> {
  return withBot({ pingIntervalMs: answerPings ? 20_000 : 0 }, async (fake) => {
    if (answerPings) await until(() => fake.pings.some((p) => p.echoOk), 30_000, 'a SYSTEM ping');
    const [zombie] = live(fake);
    const started = Date.now();
    fake.zombify(zombie?.id, { answerPings });
    process.stderr.write(`zombie (${answerPings ? 'answers pings' : 'silent'}) `);
    await until(() => live(fake).some((c) => c.id !== zombie?.id), 90_000, 'the replacement');
    return summarize(`zombie ${answerPings ? 'answering pings' : 'fully silent'} → replaced`, [Date.now() - started], 'ms', '≤ 60000');
  });
}
