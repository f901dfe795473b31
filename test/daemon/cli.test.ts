import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startFake, tempDir, until } from '../core/dingtalk/harness.js';

const TSX = ['--import', 'tsx', 'electron/daemon/cli.ts'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TSX, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('dingbridge CLI', () => {
  it('check confirms working credentials', async () => {
    const fake = await startFake();
    const result = await run(['check', '--client-id', fake.app.clientId, '--api', fake.baseUrl, '--oapi', fake.baseUrl], {
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
      [...TSX, 'listen', '--client-id', fake.app.clientId, '--api', fake.baseUrl, '--oapi', fake.baseUrl, '--echo', '--data-dir', dataDir],
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
});
