import { logView } from './log-view.js';
import { printReport } from './stats.js';
const { summaries, readings } = await logView();
printReport(summaries, readings);
