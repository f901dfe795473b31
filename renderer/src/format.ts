import type { Messages } from './i18n/en';

/** "5 s", "12 min", "3 h": how long, in the user's language. */
export function duration(ms: number, m: Messages): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return m.time.seconds(seconds);
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return m.time.minutes(minutes);
  return m.time.hours(Math.round(minutes / 60));
}

/** "0.6 s", "12 s", "3 min": how long something took, to a tenth of a second while that is worth knowing. */
export function elapsed(ms: number, m: Messages): string {
  if (ms < 50) return m.time.underTenth;
  if (ms < 9_950) return m.time.seconds(Math.round(ms / 100) / 10);
  return duration(ms, m);
}

/** "512 bytes", "84 KB", "1.2 MB": a file's size, to a tenth where that is not a whole number. */
export function fileSize(bytes: number, m: Messages): string {
  const tenths = (n: number) => Math.round(n * 10) / 10;
  if (bytes < 1024) return m.size.bytes(bytes);
  // Compared once rounded, so a size just under a megabyte is not written as "1024 KB".
  const kilobytes = tenths(bytes / 1024);
  if (kilobytes < 1024) return m.size.kilobytes(kilobytes);
  return m.size.megabytes(tenths(bytes / (1024 * 1024)));
}

export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}:${String(date.getSeconds()).padStart(2, '0')}`;
}

/** A day and time in the window's language ("Nov 29, 2026, 10:15 AM" / "2026年11月29日 10:15"), not the browser's. */
export function dateTime(at: number, m: Messages): string {
  return new Intl.DateTimeFormat(m.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}
