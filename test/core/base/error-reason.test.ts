import { describe, expect, it } from 'vitest';
import { ReasonedError, errorReasonText } from '../../../electron/core/base/error-reason.js';
import { ChannelSetError } from '../../../electron/core/engine/channel-set.js';

describe('a refusal the window words and the command line says in English', () => {
  it('says in English what it is about, for the log and the command line', () => {
    expect(errorReasonText({ code: 'no-channel', channel: 'missing', known: ['good', 'off'] })).toBe('There is no channel "missing". Channels: good, off.');
    expect(errorReasonText({ code: 'no-channel', channel: 'missing' })).toBe('There is no channel "missing".');
    expect(errorReasonText({ code: 'keyring-locked' })).toBe(
      'The system keyring is locked or refused access, so the AppSecret was not saved. Unlock the keyring and save again.',
    );
  });

  it('carries its reason with that English as the message', () => {
    const error = new ChannelSetError({ code: 'not-a-simulator', channel: 'team' });
    expect(error).toBeInstanceOf(ReasonedError);
    expect(error.name).toBe('ChannelSetError');
    expect(error.message).toBe('The channel "team" is not a running simulator.');
    expect(error.reason).toEqual({ code: 'not-a-simulator', channel: 'team' });
  });
});
