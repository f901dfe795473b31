import { z } from 'zod';
import { LanguageSchema } from '../base/language.js';

const LanguageChoiceSchema = z.enum(['system', ...LanguageSchema.options]);
const ThemeSchema = z.enum(['system', 'light', 'dark']);

/** The window's own preferences; the data folder is shown, not set. */
export const AppSettingsSchema = z.object({
  language: LanguageChoiceSchema.default('system'),
  theme: ThemeSchema.default('system'),
  startAtLogin: z.boolean().default(false),
  /** Read-only: where channels, logs and sessions are kept. */
  dataDir: z.string().default(''),
});

/** A change to the app settings: only the fields given are changed. */
export const AppSettingsPatchSchema = z.object({
  language: LanguageChoiceSchema.optional(),
  theme: ThemeSchema.optional(),
  startAtLogin: z.boolean().optional(),
});

export type AppSettings = z.output<typeof AppSettingsSchema>;
