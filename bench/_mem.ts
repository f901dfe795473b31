import { daemonMemory } from './daemon-memory.js';
import { printReport } from './stats.js';
printReport([], await daemonMemory());
