import { access } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Debian's Chromium (or CHROME_PATH), driven by playwright-core; a clear error when it is missing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  try {
    await access(executablePath);
  } catch {
    throw new Error(`The window tests need Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROME_PATH.`);
  }
  return chromium.launch({ executablePath, args: FLAGS });
}
