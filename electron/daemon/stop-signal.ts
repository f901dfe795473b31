/** Resolves on Ctrl+C or SIGTERM: how a foreground command knows to stop cleanly. */
export function waitForStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
