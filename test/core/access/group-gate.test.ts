import { describe, expect, it } from 'vitest';
import { checkGroup } from '../../../electron/core/access/group-gate.js';
import type { ChannelConfig } from '../../../electron/core/config/channel-schema.js';
import { dmEnvelope } from '../platform/dingtalk/envelopes.js';
import type { InboundEnvelope } from '../../../electron/core/platform/dingtalk/envelope.js';

const inGroup = (id: string, isMentioned: boolean): InboundEnvelope => ({ ...dmEnvelope('m1'), conversation: { id, type: 'group', title: 'Team' }, isMentioned });
const channel = (groupPolicy: ChannelConfig['groupPolicy'], groups: ChannelConfig['groups']) => ({ groupPolicy, groups, dispatchMode: 'steer' as const });

describe('checkGroup', () => {
  it('lets every direct message through, whatever the group settings', () => {
    expect(checkGroup(dmEnvelope('m1'), channel('disabled', {}))).toEqual({ admit: true });
  });

  it('refuses every group when groups are disabled, even a listed one', () => {
    expect(checkGroup(inGroup('cidA', true), channel('disabled', { cidA: { requireMention: false } }))).toEqual({ admit: false, reason: 'groups-disabled' });
  });

  it('under an allowlist answers only listed groups; "*" admits none on its own', () => {
    expect(checkGroup(inGroup('cidA', true), channel('allowlist', { '*': { requireMention: false } }))).toEqual({ admit: false, reason: 'group-not-allowed' });
    expect(checkGroup(inGroup('cidA', true), channel('allowlist', { '*': { requireMention: false }, cidA: { requireMention: true } }))).toEqual({ admit: true });
    // Names every object answers to are not listed groups.
    expect(checkGroup(inGroup('constructor', true), channel('allowlist', {}))).toEqual({ admit: false, reason: 'group-not-allowed' });
  });

  it('asks for an @-mention unless the group, or "*", says otherwise', () => {
    expect(checkGroup(inGroup('cidA', false), channel('open', {}))).toEqual({ admit: false, reason: 'mention-required' });
    expect(checkGroup(inGroup('cidA', true), channel('open', {}))).toEqual({ admit: true });
    expect(checkGroup(inGroup('cidA', false), channel('open', { '*': { requireMention: false } }))).toEqual({ admit: true });
    expect(checkGroup(inGroup('cidA', false), channel('allowlist', { cidA: { requireMention: false } }))).toEqual({ admit: true });
    expect(checkGroup(inGroup('cidB', false), channel('open', { cidA: { requireMention: false } }))).toEqual({ admit: false, reason: 'mention-required' });
  });

  it('gives a listed group what "*" says for every setting the group leaves out', () => {
    const relaxed = channel('allowlist', { '*': { requireMention: false }, cidA: {}, cidB: { dispatchMode: 'followup' }, cidC: { requireMention: true } });
    expect(checkGroup(inGroup('cidA', false), relaxed)).toEqual({ admit: true });
    expect(checkGroup(inGroup('cidB', false), relaxed)).toEqual({ admit: true });
    expect(checkGroup(inGroup('cidC', false), relaxed)).toEqual({ admit: false, reason: 'mention-required' });
    // Without "*", a listed group that does not say needs the mention, the channel's default.
    expect(checkGroup(inGroup('cidA', false), channel('allowlist', { cidA: {} }))).toEqual({ admit: false, reason: 'mention-required' });
  });
});
