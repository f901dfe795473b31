import { describe, expect, it } from 'vitest';
import { checkSender } from '../../../electron/core/access/sender-gate.js';
import { PairingStore } from '../../../electron/core/access/pairing-store.js';
import { silentLogger } from '../../../electron/core/base/logger.js';

const colleague = { id: 'staff1', otherOrganisation: false };
const outsider = { id: 'corpX/staff9', otherOrganisation: true };
const dm = { id: 'cidDm==', type: 'dm' as const };

describe('checkSender', () => {
  it('under "open" lets in everyone of the bot’s organisation, and asks an outsider to pair', async () => {
    const pairing = await PairingStore.open(undefined, silentLogger);
    const channel = { senderPolicy: 'open' as const, allowedUsers: [] };
    expect(checkSender(colleague, channel, pairing)).toEqual({ admit: true, reason: 'open' });
    expect(checkSender(outsider, channel, pairing)).toEqual({ admit: false, reason: 'pairing-requested', pair: true });
  });

  it('under "allowlist" lets in only the listed and the approved, and never offers pairing', async () => {
    const pairing = await PairingStore.open(undefined, silentLogger);
    const channel = { senderPolicy: 'allowlist' as const, allowedUsers: ['corpX/staff9'] };
    expect(checkSender(outsider, channel, pairing)).toEqual({ admit: true, reason: 'allowed-user' });
    expect(checkSender(colleague, channel, pairing)).toEqual({ admit: false, reason: 'not-allowed', pair: false });
    expect(checkSender({ id: 'corpY/staff2', otherOrganisation: true }, channel, pairing)).toEqual({ admit: false, reason: 'other-organisation', pair: false });
    pairing.allow('staff1', 'Ada');
    expect(checkSender(colleague, channel, pairing)).toEqual({ admit: true, reason: 'approved' });
  });

  it('under "pairing" asks a stranger to pair, lets in whom the operator approved, and stays closed to whom they denied', async () => {
    const pairing = await PairingStore.open(undefined, silentLogger);
    const channel = { senderPolicy: 'pairing' as const, allowedUsers: [] };
    expect(checkSender(colleague, channel, pairing)).toEqual({ admit: false, reason: 'pairing-requested', pair: true });

    const asked = pairing.ask({ staffId: 'staff1', nick: 'Ada' }, dm, undefined);
    if (asked.status !== 'pending') throw new Error(`expected a pending request, got ${asked.status}`);
    pairing.approve(asked.request.code);
    expect(checkSender(colleague, channel, pairing)).toEqual({ admit: true, reason: 'approved' });

    const other = { id: 'staff2', otherOrganisation: false };
    const second = pairing.ask({ staffId: 'staff2', nick: 'Bo' }, dm, undefined);
    if (second.status !== 'pending') throw new Error(`expected a pending request, got ${second.status}`);
    pairing.deny(second.request.code);
    expect(checkSender(other, channel, pairing)).toEqual({ admit: false, reason: 'denied', pair: false });
  });
});
