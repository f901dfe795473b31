import { ackFloor, ackLatency, reconnectAfterDisconnect, silentFromTheStart, zombieReplacement } from './stream-connection.js';
import { fakeAgentFirstChunk, qwenFirstChunk, runtimeTurn } from './agent-turn.js';
import { replyInARow, replyOneAtATime, replyUnderLoad } from './reply-path.js';
import { daemonMemory } from './daemon-memory.js';
import { qwenChannel } from './qwen-channel.js';
import { logView } from './log-view.js';
import { firstTextFakeAgent, firstTextQwen } from './card-reply.js';
import { filesToChat } from './files-out.js';
import { machine, printReport, type Reading, type Summary } from './stats.js';

interface Step {
  name: string;
  what: string;
  /** Takes minutes: left out by --quick. */
  slow?: boolean;
  run(): Promise<{ summaries?: Summary[]; readings?: Reading[] }>;
}

const STEPS: Step[] = [
  {
    name: 'ack',
    what: 'ACK latency',
    run: async () => ({ summaries: [...(await ackLatency(1)), ...(await ackLatency(50, 10_000)), await ackFloor(50, 10_000)] }),
  },
  {
    name: 'replies',
    what: 'Replies through the whole app',
    run: async () => {
      const one = await replyOneAtATime();
      const load = await replyUnderLoad();
      const free = await replyInARow(false);
      const limited = await replyInARow(true);
      return { summaries: [one, load.summary, free.summary, limited.summary], readings: [...load.readings, ...free.readings, ...limited.readings] };
    },
  },
  { name: 'agents', what: 'Agent turns', run: async () => ({ summaries: [await fakeAgentFirstChunk(), await runtimeTurn(), await qwenFirstChunk()] }) },
  { name: 'qwen', what: "The whole app with the real Qwen Code as its agent, and Qwen Code's own channel beside it (about eight minutes)", slow: true, run: () => qwenChannel() },
  {
    name: 'cards',
    what: 'Time to first visible text: AI card against the markdown reply (a minute or two, with Qwen Code)',
    slow: true,
    run: async () => ({ summaries: [...(await firstTextFakeAgent()), ...(await firstTextQwen())] }),
  },
  { name: 'files', what: 'Files from the agent to the chat', run: () => filesToChat() },
  { name: 'reconnect', what: 'Reconnect after disconnect', run: async () => ({ summaries: [await reconnectAfterDisconnect()] }) },
  {
    name: 'zombies',
    what: 'Zombie sockets (each takes up to a minute)',
    slow: true,
    run: async () => ({ summaries: [await zombieReplacement(false), await zombieReplacement(true), await silentFromTheStart()] }),
  },
  { name: 'memory', what: 'Daemon memory (a few minutes)', slow: true, run: async () => ({ readings: await daemonMemory() }) },
  { name: 'log', what: 'Live log in Chromium, 100,000 events (about a minute)', slow: true, run: () => logView() },
];

/**
 * `npm run bench` prints the tables for the README's performance section. `-- --quick` leaves out the
 * steps that take minutes; `-- --only memory,log` runs just the named steps.
 */
function chosenSteps(argv: string[]): Step[] {
  const only = argv[argv.indexOf('--only') + 1];
  if (argv.includes('--only')) {
    const names = (only ?? '').split(',').filter(Boolean);
    const unknown = names.filter((name) => !STEPS.some((step) => step.name === name));
    if (names.length === 0 || unknown.length > 0) {
      console.error(`--only takes step names separated by commas, from: ${STEPS.map((step) => step.name).join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
      process.exit(2);
    }
    return STEPS.filter((step) => names.includes(step.name));
  }
  return argv.includes('--quick') ? STEPS.filter((step) => !step.slow) : STEPS;
}

const summaries: Summary[] = [];
const readings: Reading[] = [];
console.error(`Machine: ${machine()}`);
for (const step of chosenSteps(process.argv.slice(2))) {
  console.error(`\n${step.what}…`);
  const result = await step.run();
  summaries.push(...(result.summaries ?? []));
  readings.push(...(result.readings ?? []));
}
console.log('');
printReport(summaries, readings);
