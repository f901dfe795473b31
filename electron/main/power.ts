import { powerMonitor } from 'electron';
import type { Logger } from '../core/base/logger.js';

/**
 * Reconnects every channel the moment the operating system says the machine woke from sleep. Without it the
 * engine notices only at its next clock check, up to 10 s later, and messages sent meanwhile wait for DingTalk to
 * send them again. Returns what stops listening.
 */
export function reconnectOnResume(channels: { woke(): void }, logger: Logger): () => void {
  const resumed = () => {
    logger.info('The computer woke from sleep: every channel reconnects now');
    channels.woke();
  };
  powerMonitor.on('resume', resumed);
  return () => powerMonitor.off('resume', resumed);
}
