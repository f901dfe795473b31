import { describe, expect, it } from 'vitest';
import { parseChannel } from '../../../electron/core/config/load-config.js';
import { groupSettingsOf } from '../../../electron/core/config/group-settings.js';

const minimal = { dingtalk: { clientId: 'dingabc', clientSecret: 'secret-1234' }, cwd: process.cwd() };

describe('group settings', () => {
  it('keeps out of a group what it does not set, so that "*" and then the channel decide it', () => {
    const result = parseChannel('work', { ...minimal, dispatchMode: 'collect', groups: { '*': { requireMention: false }, cid1: {}, cid2: { dispatchMode: 'followup' } } });
    if (!result.ok) throw new Error('the channel was refused');
    expect(result.channel.groups).toEqual({ '*': { requireMention: false }, cid1: {}, cid2: { dispatchMode: 'followup' } });
    expect(groupSettingsOf(result.channel, 'cid1')).toEqual({ requireMention: false, dispatchMode: 'collect' });
    expect(groupSettingsOf(result.channel, 'cid2')).toEqual({ requireMention: false, dispatchMode: 'followup' });
    // A group not listed goes by "*" too.
    expect(groupSettingsOf(result.channel, 'cidOther')).toEqual({ requireMention: false, dispatchMode: 'collect' });
  });

  it('falls back to the channel without "*": an @-mention needed, the channel’s dispatchMode', () => {
    expect(groupSettingsOf({ dispatchMode: 'steer', groups: { cid1: {} } }, 'cid1')).toEqual({ requireMention: true, dispatchMode: 'steer' });
    expect(groupSettingsOf({ dispatchMode: 'steer', groups: { '*': { dispatchMode: 'collect' }, cid1: { requireMention: false } } }, 'cid1')).toEqual({
      requireMention: false,
      dispatchMode: 'collect',
    });
  });

  it('refuses a group setting of the wrong kind, naming it', () => {
    const result = parseChannel('work', { ...minimal, groups: { cid1: { dispatchMode: 'later' } } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toContain('channels.work.groups.cid1.dispatchMode');
  });
});
