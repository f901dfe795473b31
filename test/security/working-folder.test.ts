import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError } from '../../electron/contract/errors.js';
import { tempDir } from '../core/platform/dingtalk/harness.js';
import { startDaemon, type AttackedDaemon } from './daemon.js';
import { eventually, simulatorWithFakeAgent } from './simulated-chat.js';

const daemons: AttackedDaemon[] = [];
const closers: Array<() => void> = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
});

async function running(options: Parameters<typeof startDaemon>[0]) {
  const daemon = await startDaemon(options);
  daemons.push(daemon);
  const { api, close } = daemon.api();
  closers.push(close);
  return { daemon, api };
}

/** What `dingbridge serve` printed when it refused to start. */
async function refusedStart(options: Parameters<typeof startDaemon>[0]): Promise<string> {
  const started = await startDaemon(options).then(
    (daemon) => {
      daemons.push(daemon);
      return undefined;
    },
    (error: unknown) => String(error),
  );
  if (started === undefined) throw new Error('dingbridge serve started with a working folder it must refuse');
  return started;
}

/** A DingTalk-less channel whose agent would work in `cwd`. */
const channelIn = (cwd: string) => ({ channels: { team: simulatorWithFakeAgent(cwd) } });

describe('the folder the agent works in', () => {
  it('is never the home folder: a settings file naming it is refused with what to do, and left as it was', async () => {
    const home = await tempDir();
    const dataDir = await tempDir();
    const output = await refusedStart({ dataDir, env: { HOME: home }, config: channelIn('~') });
    expect(output).toContain(`channels.team.cwd: ${home} (written as "~") is your home folder, with your SSH keys and Dingbridge's own secrets; choose a project folder`);
    expect(JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8'))).toEqual(channelIn('~'));
  });

  it('is never the top of the disk, nor a folder that holds the home folder or the data folder', async () => {
    const home = await tempDir();
    expect(await refusedStart({ env: { HOME: home }, config: channelIn('/') })).toContain('channels.team.cwd: / is the top of the disk');
    expect(await refusedStart({ env: { HOME: join(home, 'li') }, config: channelIn(home) })).toContain(`holds your home folder (${join(home, 'li')})`);

    const project = await tempDir();
    const dataDir = join(project, '.dingbridge');
    await mkdir(dataDir);
    expect(await refusedStart({ dataDir, config: channelIn(project) })).toContain(`channels.team.cwd: ${project} holds Dingbridge's data folder (${dataDir})`);
  });

  it('must be chosen for a new channel, and the window is told why a folder is refused', async () => {
    const home = await tempDir();
    const { api } = await running({ env: { HOME: home }, config: channelIn(await tempDir()) });
    const refusal = async (cwd?: string) =>
      api['channels.save']({ name: 'bot', settings: { dingtalk: { clientId: 'dingabc', clientSecret: 'secret' }, ...(cwd === undefined ? {} : { cwd }) } }).then(
        () => undefined,
        (error: unknown) => (error instanceof ContractError ? error.problems?.find((problem) => problem.path === 'cwd') : undefined),
      );
    expect(await refusal()).toMatchObject({ code: 'required' });
    expect(await refusal('~')).toMatchObject({ code: 'home_folder', value: home });
    expect(await refusal('/')).toMatchObject({ code: 'root_folder' });
    expect((await api['channels.list']()).map((channel) => channel.name)).toEqual(['team']);
  });

  it('of the first start’s simulator is one of its own in the data folder, made private when it first runs', async () => {
    const home = await tempDir();
    const dataDir = await tempDir();
    // No agent on PATH: the first start picks the built-in demo agent.
    const { api } = await running({ dataDir, firstStart: true, env: { HOME: home, PATH: await tempDir() } });
    const workspace = join(dataDir, 'workspaces', 'simulator');
    const [simulator] = await api['channels.list']();
    expect(simulator).toMatchObject({ name: 'simulator', type: 'simulator', cwd: workspace });
    await eventually(async () => (await api['channels.list']())[0]?.status === 'running', 'the simulator channel to run');
    expect((await stat(workspace)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')).channels.simulator).not.toHaveProperty('cwd');
  });

  it('may be a folder in the data folder’s workspaces, which does not hold the data folder', async () => {
    const dataDir = await tempDir();
    const workspace = join(dataDir, 'workspaces', 'team');
    await mkdir(workspace, { recursive: true });
    const { api } = await running({ dataDir, config: channelIn(workspace) });
    expect((await api['channels.list']())[0]).toMatchObject({ name: 'team', cwd: workspace });
  });
});
