import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ChannelSet } from '../../../electron/core/engine/channel-set.js';
import { parseConfig } from '../../../electron/core/config/load-config.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { FAST_TIMING, startFake, tempDir, until } from '../platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../agents/fake-agent-launch.js';
import type { DingTalkSimulator } from '../../../electron/core/platform/simulator/dingtalk/index.js';

const agent = () => {
  const launch = fakeAgentLaunch();
  return { preset: 'custom', command: launch.command, args: launch.args };
};

async function service() {
  const created = await ChannelSet.create({ dataDir: await tempDir(), logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING } });
  return created;
}

const channelFor = (fake: DingTalkSimulator, extra: Record<string, unknown> = {}, secret = fake.app.clientSecret) => ({
  dingtalk: { clientId: fake.app.clientId, clientSecret: secret, endpoints: fake.endpoints },
  senderPolicy: 'open',
  cwd: tmpdir(),
  agent: agent(),
  ...extra,
});

describe('the service over all channels', () => {
  it('runs good channels beside broken ones, each showing why it is broken', async () => {
    const fake = await startFake();
    const svc = await service();
    try {
      await svc.load(
        parseConfig(
          JSON.stringify({
            channels: {
              good: channelFor(fake),
              badSecret: channelFor(fake, {}, 'wrong'),
              badSettings: { clientId: 'x', clientSecret: 'y', sessionScope: 'everyone' },
              off: channelFor(fake, { enabled: false }),
            },
          }),
          'test',
          {},
        ),
      );
      await until(() => svc.channels().find((c) => c.name === 'good')?.connection.status === 'connected', 'the good channel');
      const byName = Object.fromEntries(svc.channels().map((c) => [c.name, c]));
      expect(byName.good).toMatchObject({ status: 'running', enabled: true });
      expect(byName.badSecret).toMatchObject({ status: 'failed', reason: expect.stringContaining('鉴权失败') });
      expect(byName.badSettings).toMatchObject({ status: 'failed', reason: expect.stringContaining('channels.badSettings.sessionScope') });
      expect(byName.off).toMatchObject({ status: 'stopped', enabled: false });
      fake.pushMessage({ text: 'say: still answering' });
      await until(() => fake.outbox.length === 1, 'the good channel to answer');
      await svc.start('off');
      await until(() => svc.channels().find((c) => c.name === 'off')?.connection.status === 'connected', 'the started channel');
      await expect(svc.start('missing')).rejects.toThrow('There is no channel "missing". Channels: good, badSecret, off.');
    } finally {
      await svc.close();
    }
  });

  it('reloads: changed channels restart, removed ones stop, untouched ones keep running', async () => {
    const fake = await startFake();
    const svc = await service();
    try {
      await svc.load(parseConfig(JSON.stringify({ channels: { a: channelFor(fake), b: channelFor(fake) } }), 'v1', {}));
      await until(() => svc.channels().every((c) => c.connection.status === 'connected'), 'both channels');
      const before = svc.channel('a');
      await svc.load(parseConfig(JSON.stringify({ channels: { a: channelFor(fake), c: channelFor(fake, { model: 'x' }) } }), 'v2', {}));
      expect(svc.channel('a')).toBe(before);
      expect(() => svc.channel('b')).toThrow(/There is no channel "b"/);
      await until(() => svc.channels().every((c) => c.connection.status === 'connected'), 'the new channel');
      expect(svc.channels().map((c) => c.name).sort()).toEqual(['a', 'c']);
    } finally {
      await svc.close();
    }
  });

  it('lists sessions, pairing requests and permissions across channels', async () => {
    const fake = await startFake();
    const svc = await service();
    try {
      await svc.load(parseConfig(JSON.stringify({ channels: { team: channelFor(fake, { senderPolicy: 'pairing', permissions: 'ask', allowedUsers: ['boss'] }) } }), 't', {}));
      await until(() => svc.channels()[0]?.connection.status === 'connected', 'the channel');
      fake.pushMessage({ text: 'hi', sender: { staffId: 'newcomer' } });
      fake.pushMessage({ text: 'ask: rm -rf tmp', sender: { staffId: 'boss' } });
      await until(() => svc.pairingRequests().length === 1 && svc.pendingPermissions().length === 1, 'a pairing and a permission');
      expect(svc.pairingRequests()[0]).toMatchObject({ channel: 'team', staffId: 'newcomer' });
      expect(svc.pendingPermissions()[0]).toMatchObject({ channel: 'team', title: 'rm -rf tmp', senderId: 'boss' });
      expect(svc.sessions()).toEqual([expect.objectContaining({ channel: 'team', senderId: 'boss', busy: true })]);
      svc.channel('team').answerPermission(svc.pendingPermissions()[0]?.id ?? '', 'deny');
      await until(() => fake.outbox.some((m) => m.text === 'permission: deny'), 'the agent to hear the answer');
    } finally {
      await svc.close();
    }
  });
});
