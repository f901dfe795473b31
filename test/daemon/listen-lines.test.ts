import { describe, expect, it } from 'vitest';
import { connectionLines } from '../../electron/daemon/command-bot.js';
import type { ConnectionState } from '../../electron/core/chat/connection-state.js';

describe('dingbridge listen, on a connection that keeps failing', () => {
  it('prints each failure once, not once per retry, and how many tries connecting again took', () => {
    const lineFor = connectionLines();
    const later = Date.now() + 8_000;
    const states: ConnectionState[] = [
      { status: 'connecting', attempt: 1 },
      { status: 'reconnecting', reason: 'DingTalk is unreachable (ECONNREFUSED)', attempt: 1, nextAttemptAt: later },
      { status: 'connecting', attempt: 2 },
      { status: 'reconnecting', reason: 'DingTalk is unreachable (ECONNREFUSED)', attempt: 2, nextAttemptAt: later },
      { status: 'connecting', attempt: 3 },
      { status: 'reconnecting', reason: 'DingTalk is unreachable (ECONNREFUSED)', attempt: 3, nextAttemptAt: later },
      { status: 'connecting', attempt: 4 },
      { status: 'reconnecting', reason: 'The gateway answered 503', attempt: 4, nextAttemptAt: later },
      { status: 'connecting', attempt: 5 },
      { status: 'connected', since: Date.now() },
    ];
    const printed = states.map(lineFor).filter((line): line is string => line !== undefined);
    expect(printed).toEqual([
      '○ connecting (attempt 1)…',
      expect.stringMatching(/^○ DingTalk is unreachable \(ECONNREFUSED\); reconnecting in \d+ s \(repeats of this are not printed\)$/),
      expect.stringMatching(/^○ The gateway answered 503; reconnecting in \d+ s \(repeats of this are not printed\)$/),
      '● connected to DingTalk after 4 failed attempts',
    ]);
  });
});
