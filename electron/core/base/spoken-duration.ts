type Unit = 'hour' | 'minute' | 'second';

/**
 * The largest unit that says a limit in a whole number, as a person would round it; a few minutes and some seconds
 * (270 s) stay in seconds, where rounding would be a lie of half a minute.
 */
function amountOf(ms: number): [number, Unit] {
  if (ms >= 7_200_000) return [Math.round(ms / 3_600_000), 'hour'];
  if (ms >= 600_000 || (ms >= 120_000 && ms % 60_000 === 0)) return [Math.round(ms / 60_000), 'minute'];
  return [Math.max(1, Math.round(ms / 1000)), 'second'];
}

/** A limit as a person says it: "24 hours", "30 minutes", "90 seconds", "1 minute". */
export function spokenDuration(ms: number): string {
  const [amount, unit] = amountOf(ms);
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

const CHINESE_UNITS: Record<Unit, string> = { hour: '小时', minute: '分钟', second: '秒' };

/** The same limit in Chinese, for the Chinese half of a chat message: "24 小时", "30 分钟", "90 秒". */
export function spokenDurationZh(ms: number): string {
  const [amount, unit] = amountOf(ms);
  return `${amount} ${CHINESE_UNITS[unit]}`;
}
