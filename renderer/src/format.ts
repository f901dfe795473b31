import type { Messages } from './i18n/en';

/** "5 s", "12 min", "3 h": how long, in the user's language. */
export function duration(ms: number, m: Messages): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return m.time.seconds(seconds);
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return m.time.minutes(minutes);
  return m.time.hours(Math.round(minutes / 60));
}

export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}:${String(date.getSeconds()).padStart(2, '0')}`;
}
