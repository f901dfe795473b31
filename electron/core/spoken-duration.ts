/** A limit as a person says it: "24 hours", "30 minutes", "90 seconds", "1 minute". */
export function spokenDuration(ms: number): string {
  const [amount, unit] =
    ms >= 7_200_000
      ? [Math.round(ms / 3_600_000), 'hour']
      : ms >= 120_000
        ? [Math.round(ms / 60_000), 'minute']
        : [Math.max(1, Math.round(ms / 1000)), 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
