import { ackLatency, reconnectAfterDisconnect, zombieReplacement } from './stream-connection.js';
import { fakeAgentFirstChunk, qwenFirstChunk, runtimeTurn } from './agent-turn.js';
import { machine, printTable, type Summary } from './stats.js';

/** `npm run bench` — prints one table; `-- --quick` skips the minute-long zombie measurements. */
const quick = process.argv.includes('--quick');
const rows: Summary[] = [];
console.error(`Machine: ${machine()}`);
console.error('ACK latency…');
rows.push(await ackLatency(1));
rows.push(await ackLatency(50));
console.error('Reconnect after disconnect…');
rows.push(await reconnectAfterDisconnect());
console.error('Agent turns…');
rows.push(await fakeAgentFirstChunk());
rows.push(await runtimeTurn());
rows.push(await qwenFirstChunk());
if (!quick) {
  console.error('Zombie sockets (each takes up to a minute)…');
  rows.push(await zombieReplacement(false));
  rows.push(await zombieReplacement(true));
}
console.log(`\nMachine: ${machine()}\n`);
printTable(rows);
