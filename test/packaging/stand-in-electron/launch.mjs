// Starts a packaged app the way Electron does: the `main` of the app's package.json is imported with Node's ESM
// loader, and the app becomes ready once that module graph has run. Usage: node launch.mjs <app folder>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const appDir = process.argv[2];
const { main } = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
const entry = join(appDir, main);
const electron = createRequire(entry)('electron');
try {
  await import(pathToFileURL(entry).href);
} catch (error) {
  process.send?.({ type: 'record', event: 'uncaughtException', detail: { message: String(error?.stack ?? error) } });
  process.exit(70);
}
electron[Symbol.for('dingbridge.stand-in.ready')]();
