import { basename } from 'node:path';
import { app, dialog } from 'electron';
import { SettingsFileError } from './stores.js';

export interface StartupFailure {
  title: string;
  detail: string;
}

/** What went wrong at start-up, worded for the person who double-clicked the app, with what to do about it. */
export function describeStartupFailure(error: unknown, logFile: string | undefined): StartupFailure {
  if (error instanceof SettingsFileError) {
    const secrets = basename(error.file) === 'secrets.json';
    return {
      title: 'Dingbridge cannot read its settings',
      detail: [
        `This file is damaged or unreadable:\n${error.file}\n\n(${error.cause instanceof Error ? error.cause.message : String(error.cause)})`,
        secrets
          ? 'It holds the saved AppSecrets. Move it somewhere else and start Dingbridge again; then enter each channel\'s AppSecret again.'
          : 'Open it in a text editor and fix it, or move it somewhere else and start Dingbridge again without the settings it holds. AppSecrets are kept in a separate file and are not lost.',
      ].join('\n\n'),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    title: 'Dingbridge could not start',
    detail: [message, logFile ? `The details are in the log file:\n${logFile}` : undefined, 'Start Dingbridge again; if this keeps happening, report it with the log file.']
      .filter(Boolean)
      .join('\n\n'),
  };
}

/**
 * Says why the app cannot start and ends it. Without this the process would stay alive, windowless, holding the
 * single-instance lock, so every later launch would quit silently.
 */
export function failStartup(error: unknown, logFile: string | undefined): void {
  const { title, detail } = describeStartupFailure(error, logFile);
  dialog.showErrorBox(title, detail);
  app.exit(1);
}
