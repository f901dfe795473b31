import { z } from 'zod';
import { LanguageSchema } from '../base/language.js';

const LanguageChoiceSchema = z.enum(['system', ...LanguageSchema.options]);
const ThemeSchema = z.enum(['system', 'light', 'dark']);
/** Most of DingTalk's free tier of about 5,000 calls a month, with room to act before it runs out. */
const DEFAULT_API_CALL_WARNING = 4_000;
const ApiCallWarningSchema = z.number().int().nonnegative().max(100_000_000);

/** The window's own preferences; the data folder is shown, not set. */
export const AppSettingsSchema = z.object({
  language: LanguageChoiceSchema.default('system'),
  theme: ThemeSchema.default('system'),
  startAtLogin: z.boolean().default(false),
  /** A DingTalk app's Open API calls this month beyond which the window and the tray warn; 0: never. */
  apiCallWarning: ApiCallWarningSchema.default(DEFAULT_API_CALL_WARNING),
  /** Read-only: where channels, logs and sessions are kept. */
  dataDir: z.string().default(''),
});

/** A change to the app settings: only the fields given are changed. */
export const AppSettingsPatchSchema = z.object({
  language: LanguageChoiceSchema.optional(),
  theme: ThemeSchema.optional(),
  startAtLogin: z.boolean().optional(),
  apiCallWarning: ApiCallWarningSchema.optional(),
});

export type AppSettings = z.output<typeof AppSettingsSchema>;
