// Launches the built desktop app with the Electron binary from node_modules, or explains what to do without it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary;
try {
  binary = require('electron');
} catch (error) {
  console.error('The Electron binary is not installed here, so the desktop app cannot start.');
  console.error('Install it with `node node_modules/electron/install.js` (it downloads Electron from GitHub),');
  console.error('or run Dingbridge in your browser instead: npm run serve');
  console.error(`(${error instanceof Error ? error.message.split('\n')[0] : error})`);
  process.exit(1);
}
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
