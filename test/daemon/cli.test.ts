import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFake, tempDir, until } from '../core/platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';
import type { DingTalkSimulator } from '../../electron/core/platform/simulator/dingtalk/index.js';
import { TSX, run } from './cli-run.js';

/**
 * A data folder with a settings file whose channel "team" is the fake DingTalk's bot (its AppSecret read from
 * $TEAM_SECRET), working in a folder of its own, with `team`'s other settings and any other `channels`.
 */
async function teamDaemonFolder(fake: DingTalkSimulator, team: Record<string, unknown>, channels: Record<string, unknown> = {}): Promise<{ dataDir: string; config: string }> {
  const dataDir = await tempDir();
  const config = join(dataDir, 'dingbridge.json');
  const dingtalk = { clientId: fake.app.clientId, clientSecret: '$TEAM_SECRET', endpoints: fake.endpoints };
  await writeFile(config, JSON.stringify({ channels: { team: { dingtalk, cwd: await tempDir(), ...team }, ...channels } }));
  return { dataDir, config };
}

describe('dingbridge CLI', () => {
  it('check confirms working credentials', async () => {
    const fake = await startFake();
    const result = await run(['check', '--client-id', fake.app.clientId, '--api', fake.baseUrl], {
      DINGTALK_CLIENT_SECRET: fake.app.clientSecret,
    });
    expect(result.stdout).toContain('✔ DingTalk accepted the AppKey and AppSecret.');
    expect(result.stdout).toContain('✔ DingTalk offers a Stream Mode connection');
    expect(result.code).toBe(0);
  });

  it('check explains wrong credentials and exits 1', async () => {
    const fake = await startFake();
    const result = await run(['check', '--client-id', fake.app.clientId, '--client-secret', 'wrong', '--api', fake.baseUrl]);
    expect(result.stdout).toMatch(/✘ DingTalk rejected the AppKey\/AppSecret/);
    expect(result.code).toBe(1);
  });

  it('says what is missing, with the usage, and exits 2', async () => {
    const noId = await run(['check']);
    expect(noId.stderr).toContain('--client-id is required');
    expect(noId.code).toBe(2);
    const badUrl = await run(['check', '--client-id', 'x', '--client-secret', 'y', '--api', 'ftp://nope']);
    expect(badUrl.stderr).toMatch(/--api must/);
    const unknown = await run(['frobnicate', '--client-id', 'x', '--client-secret', 'y']);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const badFlag = await run(['check', '--colour']);
    expect(badFlag.stderr).toMatch(/Unknown option '--colour'/);
    expect(badFlag.code).toBe(2);
  });

  it('listen prints each message with its conversationId and staffId, and echoes when asked', async () => {
    const fake = await startFake();
    const dataDir = await tempDir();
    const child = spawn(
      process.execPath,
      [...TSX, 'listen', '--client-id', fake.app.clientId, '--api', fake.baseUrl, '--echo', '--data-dir', dataDir],
      { env: { ...process.env, DINGTALK_CLIENT_SECRET: fake.app.clientSecret }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    try {
      await until(() => stdout.includes('connected to DingTalk'), 'the CLI to connect', 15_000);
      fake.pushMessage({ text: '群里的问题', conversation: { type: 'group', id: 'cidGroupX', title: '研发群' }, sender: { staffId: 'staff9', nick: '王五' } });
      await until(() => stdout.includes('replied via webhook'), 'the echo reply', 10_000);
      expect(stdout).toContain('group "研发群" conversationId=cidGroupX');
      expect(stdout).toContain('from 王五 (staffId staff9), mentioned the bot: 群里的问题');
      expect(fake.outbox[0]?.text).toContain('群里的问题');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
    }
    expect(stdout).toContain('Stopping…');
  });

  it('serve refuses a config with errors, listing each by field', async () => {
    const dir = await tempDir();
    const config = join(dir, 'bad.json');
    await writeFile(config, JSON.stringify({ channels: { team: { dingtalk: { clientId: 'x' }, senderPolicy: 'everyone', groupPolicy: 'all', cwd: join(dir, 'gone') } } }));
    const result = await run(['serve', '--config', config, '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('channels.team.dingtalk.clientSecret: is required for a DingTalk channel: the AppSecret (Client Secret) from the DingTalk developer portal');
    expect(result.stderr).toContain('channels.team.senderPolicy: must be one of "open", "allowlist", "pairing" (got "everyone")');
    expect(result.stderr).toContain('channels.team.groupPolicy: must be one of "disabled", "allowlist", "open" (got "all")');
    expect(result.stderr).toContain(`channels.team.cwd: the folder ${join(dir, 'gone')} does not exist; create it, or choose another folder`);
    const nowhere = await run(['serve', '--config', join(dir, 'no-such-folder', 'dingbridge.json'), '--data-dir', dir]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain(`(file): does not exist, and cannot be created there: the folder ${join(dir, 'no-such-folder')} does not exist`);
  });

  it('status, link and pairing talk to the running daemon, and say so when none runs', async () => {
    const fake = await startFake();
    const { dataDir, config } = await teamDaemonFolder(
      fake,
      { senderPolicy: 'pairing', agent: { preset: 'custom', command: process.execPath } },
      { sim: { type: 'simulator', agent: { preset: 'demo' } } },
    );
    // A home of its own: running daemons are listed there for `status` to find without --data-dir.
    const home = await tempDir();
    const none = await run(['status', '--data-dir', dataDir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`No Dingbridge daemon is running for ${dataDir}`);

    const daemon = spawn(process.execPath, [...TSX, 'serve', '--config', config, '--data-dir', dataDir], {
      env: { ...process.env, TEAM_SECRET: fake.app.clientSecret, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    daemon.stdout.on('data', (chunk) => (out += chunk));
    try {
      await until(() => /UI: http:\/\/127\.0\.0\.1:\d+\/\?login=[\w-]{32}\n/.test(out), 'the UI address', 15_000);
      // The next line may come in a later chunk of output, on a busy machine well after the first.
      const hint = `The link opens the window once, within 10 minutes; for another, run: dingbridge link --data-dir ${dataDir}\n`;
      await until(() => out.includes(hint), 'the line after the UI address');
      await until(() => fake.connections().some((c) => c.state === 'live'), 'the channel to connect', 10_000);
      const status = await run(['status', '--data-dir', dataDir]);
      // Its agent (Node itself, which speaks no ACP) is being started with the channel, or was given up on quietly.
      expect(status.stdout).toMatch(/team: running; DingTalk connected; agent (starting|idle)/);
      expect(status.stdout).toMatch(/sim: running; simulated \(the built-in simulator, not DingTalk\); agent/);
      const found = await run(['status'], { HOME: home, DINGBRIDGE_HOME: '' });
      expect(found.code).toBe(0);
      expect(found.stdout).toContain(`(the daemon running with --data-dir ${dataDir})`);
      expect(found.stdout).toMatch(/team: running; DingTalk connected/);
      const link = await run(['link'], { HOME: home, DINGBRIDGE_HOME: '' });
      expect(link.stdout).toMatch(/^\(the daemon running with --data-dir .+\)\nUI: http:\/\/127\.0\.0\.1:\d+\/\?login=[\w-]{32}\nIt opens the window once, within 10 minutes\.\n$/);

      fake.pushMessage({ text: 'hi', sender: { staffId: 'newbie', nick: '小李' } });
      await until(() => fake.outbox.length === 1, 'the pairing code');
      const list = await run(['pairing', 'list', 'team', '--data-dir', dataDir]);
      const code = list.stdout.match(/Code: ([A-Z2-9]{8})/)?.[1];
      expect(list.stdout).toMatch(/team {2}Code: [A-Z2-9]{8} {2}Sender: 小李 \(newbie\)/);
      const approved = await run(['pairing', 'approve', 'team', code?.toLowerCase() ?? '', '--data-dir', dataDir]);
      expect(approved.stdout).toBe('Approved: 小李 (newbie) can now use channel "team".\n');
      const again = await run(['pairing', 'approve', 'team', code ?? '', '--data-dir', dataDir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/No pending pairing request has the code/);
      expect((await run(['pairing', 'deny', 'team', '--data-dir', dataDir])).code).toBe(2);
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('close', resolve));
    }
    expect(out).toContain('Stopping…');
    const after = await run(['status', '--data-dir', dataDir]);
    expect(after.stderr).toContain('No Dingbridge daemon is running');
    const gone = await run(['status'], { HOME: home, DINGBRIDGE_HOME: '' });
    expect(gone.stderr).toContain(`No Dingbridge daemon is running for ${join(home, '.dingbridge')}`);
    // A dozen CLI processes, each compiling TypeScript on start: a generous bound for a busy machine.
  }, 90_000);

  it('permissions lists the agent\'s requests and answers one by the code the chat shows', async () => {
    const fake = await startFake();
    const { dataDir, config } = await teamDaemonFolder(fake, {
      senderPolicy: 'open',
      permissions: 'chat',
      agent: { preset: 'custom', command: process.execPath, args: fakeAgentLaunch().args },
    });
    const home = await tempDir();
    const daemon = spawn(process.execPath, [...TSX, 'serve', '--config', config, '--data-dir', dataDir], {
      env: { ...process.env, TEAM_SECRET: fake.app.clientSecret, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    daemon.stdout.on('data', (chunk) => (out += chunk));
    const said = (text: string) => fake.outbox.some((message) => message.text.includes(text));
    try {
      await until(() => /UI: http:\/\/127\.0\.0\.1:\d+\//.test(out), 'the UI address', 15_000);
      await until(() => fake.connections().some((c) => c.state === 'live'), 'the channel to connect', 10_000);
      const none = await run(['permissions', 'list', '--data-dir', dataDir]);
      expect(none.stdout).toBe('No permission requests waiting.\n');
      expect(none.code).toBe(0);

      fake.pushMessage({ text: 'run: npm test', sender: { staffId: 'staff7', nick: '小王' } });
      // The prompt in the chat names the request by its code, as `/approve CODE`.
      const shown = await until(
        () => fake.outbox.map((message) => message.text.match(/\/approve ([A-Z0-9]{6})/)?.[1]).find(Boolean),
        'the permission prompt in the chat',
        30_000,
      );
      const list = await run(['permissions', 'list', '--data-dir', dataDir]);
      expect(list.code).toBe(0);
      // The channel, the code, the title and who asked; then what the tool wants to do.
      expect(list.stdout).toMatch(new RegExp(`^team {2}Code: ${shown} {2}Shell {2}Asked by: 小王 \\(staff7\\) {2}(just now|\\d+ min ago)\\n {4}npm test\\n$`));

      const unknown = await run(['permissions', 'allow', 'team', 'ZZZZZZ', '--data-dir', dataDir]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('dingbridge: no permission request with code ZZZZZZ waits on channel "team" (it may have been answered or expired); see dingbridge permissions list.');
      const elsewhere = await run(['permissions', 'allow', 'other', shown, '--data-dir', dataDir]);
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.stderr).toContain(`no permission request with code ${shown} waits on channel "other"`);

      const allowed = await run(['permissions', 'allow', 'team', shown.toLowerCase(), '--data-dir', dataDir]);
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toBe('Allowed once: Shell on channel "team".\n');
      await until(() => said('permission: allow'), 'the agent to be told "allow"', 15_000);
      expect(said('permission: always')).toBe(false);
      await until(() => said('answered at the command line of the computer running Dingbridge'), 'the chat to be told where it was answered', 15_000);

      const again = await run(['permissions', 'deny', 'team', shown, '--data-dir', dataDir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`no permission request with code ${shown} waits on channel "team" (it may have been answered or expired)`);
      expect((await run(['permissions', 'list', '--data-dir', dataDir])).stdout).toBe('No permission requests waiting.\n');

      const noCode = await run(['permissions', 'allow', 'team', '--data-dir', dataDir]);
      expect(noCode.code).toBe(2);
      expect(noCode.stderr).toContain('Use: dingbridge permissions allow <channel> <code>');
      expect(noCode.stderr).toContain('dingbridge permissions list | allow <channel> <code>');
      const noAction = await run(['permissions', '--data-dir', dataDir]);
      expect(noAction.code).toBe(2);
      expect(noAction.stderr).toContain('Use: dingbridge permissions list | allow <channel> <code> | always <channel> <code> | deny <channel> <code>');
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('close', resolve));
    }
  }, 90_000);
});
