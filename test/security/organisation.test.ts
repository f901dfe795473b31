import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../../electron/contract/client.js';
import { tempDir } from '../core/platform/dingtalk/harness.js';
import { startDaemon, type AttackedDaemon } from './daemon.js';
import { LI, ZHANG, eventually, simulatorWithFakeAgent } from './simulated-chat.js';
import { sendAndDecide } from './access-log.js';

const daemons: AttackedDaemon[] = [];
const closers: Array<() => void> = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
});

/** Another organisation than the bot's, and two of its people who share staffIds with the bot's own. */
const OTHER_CORP = 'dingothercorp0000000000000000';
const outsider = (person: { staffId: string; nick: string }) => ({ ...person, nick: `${person.nick}（外部）`, corpId: OTHER_CORP });

async function channel(settings: Record<string, unknown>, files: Record<string, string> = {}): Promise<Api> {
  const daemon = await startDaemon({ config: { channels: { team: simulatorWithFakeAgent(await tempDir(), settings) } }, files });
  daemons.push(daemon);
  const { api, close } = daemon.api();
  closers.push(close);
  return api;
}

describe('someone from another organisation', () => {
  it('is not let in by a staffId that only names someone of the bot’s organisation, and the log says which organisation they are from', async () => {
    const api = await channel({ senderPolicy: 'allowlist', allowedUsers: ['zhangsan'] });
    expect(await sendAndDecide(api, 'team', ZHANG)).toMatchObject({ decision: 'admitted', reasonCode: 'allowed-user', senderStaffId: 'zhangsan' });
    expect(await sendAndDecide(api, 'team', outsider(ZHANG))).toMatchObject({
      decision: 'dropped',
      reasonCode: 'other-organisation',
      senderStaffId: `${OTHER_CORP}/zhangsan`,
      senderCorpId: OTHER_CORP,
    });
    const [received] = (await api['log.query']({ channel: 'team', kinds: ['message.received'] })).filter((event) => 'senderCorpId' in event && event.senderCorpId);
    expect(received).toMatchObject({ senderCorpId: OTHER_CORP, senderStaffId: `${OTHER_CORP}/zhangsan` });
  });

  it('is let in when the allowlist names them with their organisation, and only them', async () => {
    const api = await channel({ senderPolicy: 'allowlist', allowedUsers: [`${OTHER_CORP}/zhangsan`] });
    expect(await sendAndDecide(api, 'team', outsider(ZHANG))).toMatchObject({ decision: 'admitted', reasonCode: 'allowed-user' });
    expect(await sendAndDecide(api, 'team', ZHANG)).toMatchObject({ decision: 'dropped', reasonCode: 'not-allowed' });
  });

  it('is a stranger under "open", which means the bot’s own organisation: they ask for pairing, under their organisation', async () => {
    const api = await channel({ senderPolicy: 'open' });
    expect(await sendAndDecide(api, 'team', LI)).toMatchObject({ decision: 'admitted', reasonCode: 'open' });
    expect(await sendAndDecide(api, 'team', outsider(LI))).toMatchObject({ decision: 'pairing', reasonCode: 'pairing-requested' });
    const { pending } = await api['pairing.list']({ channel: 'team' });
    expect(pending).toEqual([expect.objectContaining({ staffId: `${OTHER_CORP}/lisi`, nick: outsider(LI).nick })]);
  });

  it('is not let in by an approval from before organisations were told apart, which still lets in the bot’s own person', async () => {
    const pairing = { version: 1, pending: [], approved: [{ staffId: 'lisi', nick: '李四', approvedAt: 1, via: 'pairing' }], denied: [], revoked: [] };
    const api = await channel({ senderPolicy: 'pairing' }, { 'channels/team/pairing.json': JSON.stringify(pairing) });
    expect(await sendAndDecide(api, 'team', LI)).toMatchObject({ decision: 'admitted', reasonCode: 'approved' });
    expect(await sendAndDecide(api, 'team', outsider(LI))).toMatchObject({ decision: 'pairing', reasonCode: 'pairing-requested' });
  });

  it('has a session of their own, apart from the person of the bot’s organisation with the same staffId', async () => {
    const api = await channel({ senderPolicy: 'allowlist', allowedUsers: ['lisi', `${OTHER_CORP}/lisi`], sessionScope: 'user' });
    await sendAndDecide(api, 'team', LI, 'dm', 'echo mine');
    await sendAndDecide(api, 'team', outsider(LI), 'dm', 'echo theirs');
    const sessions = await eventually(async () => {
      const list = (await api['sessions.list']({ channel: 'team' })).filter((session) => session.senderId !== undefined);
      return list.length === 2 ? list : undefined;
    }, 'two sessions');
    expect(sessions.map((session) => session.senderId).sort()).toEqual([`${OTHER_CORP}/lisi`, 'lisi']);
  });
});
