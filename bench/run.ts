import { ackFloor, ackLatency, reconnectAfterDisconnect, zombieReplacement } from './stream-connection.js';
import { fakeAgentFirstChunk, qwenFirstChunk, runtimeTurn } from './agent-turn.js';
import { replyOneAtATime, replyUnderLoad } from './reply-path.js';
import { daemonMemory } from './daemon-memory.js';
import { logView } from './log-view.js';
import { machine, printReport, type Reading, type Summary } from './stats.js';

/**
 * `npm run bench` prints the tables for the README's performance section. `-- --quick` leaves out the
 * measurements that take minutes (zombie sockets, memory) and the live log in Chromium.
 */
const quick = process.argv.includes('--quick');
const summaries: Summary[] = [];
const readings: Reading[] = [];
const step = (what: string) => console.error(`\n${what}…`);

console.error(`Machine: ${machine()}`);
step('ACK latency');
summaries.push(...(await ackLatency(1)), ...(await ackLatency(50, 10_000)), await ackFloor(50, 10_000));
step('Replies through the whole app');
summaries.push(await replyOneAtATime());
const load = await replyUnderLoad();
summaries.push(load.summary);
readings.push(...load.readings);
step('Agent turns');
summaries.push(await fakeAgentFirstChunk(), await runtimeTurn(), await qwenFirstChunk());
step('Reconnect after disconnect');
summaries.push(await reconnectAfterDisconnect());
if (!quick) {
  step('Zombie sockets (each takes up to a minute)');
  summaries.push(await zombieReplacement(false), await zombieReplacement(true));
  step('Daemon memory (a few minutes)');
  readings.push(...(await daemonMemory()));
  step('Live log in Chromium, 100,000 events (about a minute)');
  const log = await logView();
  summaries.push(...log.summaries);
  readings.push(...log.readings);
}
console.log('');
printReport(summaries, readings);
