import { createRequire } from 'node:module';

/** The app's version, from package.json, so there is one place to change it. */
export const APP_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
