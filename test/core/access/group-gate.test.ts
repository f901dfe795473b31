import { describe, expect, it } from 'vitest';
import { checkGroup } from '../../../electron/core/access/group-gate.js';
import { dmEnvelope } from '../platform/dingtalk/envelopes.js';
import type { InboundEnvelope } from '../../../electron/core/platform/dingtalk/envelope.js';

const inGroup = (id: string, isMentioned: boolean): InboundEnvelope => ({ ...dmEnvelope('m1'), conversation: { id, type: 'group', title: 'Team' }, isMentioned });

describe('checkGroup', () => {
  it('lets every direct message through, whatever the group settings', () => {
    expect(checkGroup(dmEnvelope('m1'), { groupPolicy: 'disabled', groups: {} })).toEqual({ admit: true });
  });

  it('refuses every group when groups are disabled, even a listed one', () => {
    expect(checkGroup(inGroup('cidA', true), { groupPolicy: 'disabled', groups: { cidA: { requireMention: false } } })).toEqual({ admit: false, reason: 'groups-disabled' });
  });

  it('under an allowlist answers only listed groups; "*" admits none on its own', () => {
    const channel = { groupPolicy: 'allowlist' as const, groups: { '*': { requireMention: false } } };
    expect(checkGroup(inGroup('cidA', true), channel)).toEqual({ admit: false, reason: 'group-not-allowed' });
    expect(checkGroup(inGroup('cidA', true), { ...channel, groups: { ...channel.groups, cidA: { requireMention: true } } })).toEqual({ admit: true });
  });

  it('asks for an @-mention unless the group, or "*" for a group not listed, says otherwise', () => {
    expect(checkGroup(inGroup('cidA', false), { groupPolicy: 'open', groups: {} })).toEqual({ admit: false, reason: 'mention-required' });
    expect(checkGroup(inGroup('cidA', true), { groupPolicy: 'open', groups: {} })).toEqual({ admit: true });
    expect(checkGroup(inGroup('cidA', false), { groupPolicy: 'open', groups: { '*': { requireMention: false } } })).toEqual({ admit: true });
    expect(checkGroup(inGroup('cidA', false), { groupPolicy: 'allowlist', groups: { cidA: { requireMention: false } } })).toEqual({ admit: true });
    expect(checkGroup(inGroup('cidB', false), { groupPolicy: 'open', groups: { cidA: { requireMention: false } } })).toEqual({ admit: false, reason: 'mention-required' });
  });
});
