import packageJson from '../../../package.json' with { type: 'json' };

/** The app's version, from package.json, so there is one place to change it; the bundler inlines it. */
export const APP_VERSION: string = packageJson.version;
