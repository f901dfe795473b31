import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../core/platform/dingtalk/harness.js';
import { startDaemon, type AttackedDaemon } from './daemon.js';
import { ZHANG, simulatorWithFakeAgent } from './simulated-chat.js';
import { sendAndDecide } from './access-log.js';

const daemons: AttackedDaemon[] = [];
const closers: Array<() => void> = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
});

async function pairingChannel() {
  const daemon = await startDaemon({ config: { channels: { team: simulatorWithFakeAgent(await tempDir(), { senderPolicy: 'pairing', allowedUsers: ['zhangsan'] }) } } });
  daemons.push(daemon);
  const { api, close } = daemon.api();
  closers.push(close);
  return api;
}

/** The limits the channels guide promises: requests waiting for one bot, and from one group. */
const MAX_PENDING = 20;
const MAX_PENDING_PER_CONVERSATION = 3;

const stranger = (n: number) => ({ staffId: `stranger${n}`, nick: `陌生人${n}` });

describe('a pairing flood', () => {
  it('no longer lets three strangers block pairing for everyone: each holds one request, however often they write', async () => {
    const api = await pairingChannel();
    for (const n of [1, 2, 3]) {
      for (let again = 0; again < 3; again++) expect(await sendAndDecide(api, 'team', stranger(n))).toMatchObject({ decision: 'pairing' });
    }
    expect((await api['pairing.list']({ channel: 'team' })).pending).toHaveLength(3);

    const colleague = { staffId: 'newcolleague', nick: '新同事' };
    expect(await sendAndDecide(api, 'team', colleague)).toMatchObject({ decision: 'pairing', reasonCode: 'pairing-requested' });
    const { pending } = await api['pairing.list']({ channel: 'team' });
    expect(pending.map((request) => request.staffId)).toContain('newcolleague');
    // Pairing asks nothing of the people already let in.
    expect(await sendAndDecide(api, 'team', ZHANG)).toMatchObject({ decision: 'admitted' });
  });

  it('limits one group’s share, and shows the operator whom a limit refused, to let in or clear', async () => {
    const api = await pairingChannel();
    for (let n = 1; n <= MAX_PENDING_PER_CONVERSATION; n++) expect(await sendAndDecide(api, 'team', stranger(n), 'group')).toMatchObject({ decision: 'pairing' });
    const late = stranger(MAX_PENDING_PER_CONVERSATION + 1);
    expect(await sendAndDecide(api, 'team', late, 'group')).toMatchObject({ decision: 'dropped', reasonCode: 'pairing-conversation-full' });
    // The same person is not refused in their own DM: the group's limit is the group's.
    expect(await sendAndDecide(api, 'team', late, 'dm')).toMatchObject({ decision: 'pairing', reasonCode: 'pairing-requested' });

    const other = stranger(99);
    expect(await sendAndDecide(api, 'team', other, 'group')).toMatchObject({ decision: 'dropped', reasonCode: 'pairing-conversation-full' });
    expect(await sendAndDecide(api, 'team', other, 'group')).toMatchObject({ decision: 'dropped' });
    const { refused } = await api['pairing.list']({ channel: 'team' });
    expect(refused).toEqual([expect.objectContaining({ channel: 'team', staffId: other.staffId, nick: other.nick, limit: 'conversation', conversationType: 'group', count: 2 })]);

    expect(await api['pairing.clearRefused']({ channel: 'team', staffId: other.staffId })).toEqual({ ok: true });
    expect((await api['pairing.list']({ channel: 'team' })).refused).toEqual([]);
    await sendAndDecide(api, 'team', other, 'group');
    await api['pairing.allow']({ channel: 'team', staffId: other.staffId, nick: other.nick });
    expect((await api['pairing.list']({ channel: 'team' })).refused).toEqual([]);
    expect(await sendAndDecide(api, 'team', other, 'group')).toMatchObject({ decision: 'admitted', reasonCode: 'approved' });
  });

  it(`holds at most ${MAX_PENDING} requests for a bot, and lists the next person as refused`, async () => {
    const api = await pairingChannel();
    for (let n = 1; n <= MAX_PENDING; n++) expect(await sendAndDecide(api, 'team', stranger(n))).toMatchObject({ decision: 'pairing' });
    expect(await sendAndDecide(api, 'team', stranger(MAX_PENDING + 1))).toMatchObject({ decision: 'dropped', reasonCode: 'pairing-full' });
    const { pending, refused } = await api['pairing.list']({ channel: 'team' });
    expect(pending).toHaveLength(MAX_PENDING);
    expect(refused).toEqual([expect.objectContaining({ staffId: stranger(MAX_PENDING + 1).staffId, limit: 'channel', count: 1 })]);
    expect(await api['pairing.clearRefused']({ channel: 'team' })).toEqual({ ok: true });
    expect((await api['pairing.list']({ channel: 'team' })).refused).toEqual([]);
  });
});
