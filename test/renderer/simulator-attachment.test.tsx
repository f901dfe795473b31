// @vitest-environment happy-dom
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useEffect, useMemo, useState } from 'react';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from '../../electron/contract/client';
import { wsLink, type WebSocketLike } from '../../electron/contract/ws-link';
import { WS_PATH } from '../../electron/contract/ws-protocol';
import { ATTACHMENT_MAX_BYTES } from '../../electron/core/platform/simulator/simulator-limits';
import { simulatorChannelSettings } from '../../electron/core/config/defaults';
import { readDaemonInfo } from '../../electron/daemon/daemon-file';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider } from '../../renderer/src/i18n/i18n';
import { SimulatorPage } from '../../renderer/src/pages/simulator/SimulatorPage';
import type { LinkStatus } from '../../renderer/src/api';
import { tempDir, until } from '../core/platform/dingtalk/harness.js';

let daemon: ChildProcess | undefined;
afterEach(async () => {
  cleanup();
  if (!daemon || daemon.exitCode !== null) return;
  const closed = new Promise((resolve) => daemon?.once('close', resolve));
  daemon.kill('SIGTERM');
  await closed;
});

/**
 * `dingbridge serve` in a process of its own, as a user starts it, with a simulator channel and the demo agent. Not
 * in this process: the browser stand-in here replaces the `fetch` the engine downloads the file with.
 */
async function startDaemon(dataDir: string): Promise<string> {
  const config = join(dataDir, 'config.json');
  await writeFile(config, JSON.stringify({ channels: { sim: simulatorChannelSettings('demo') } }));
  daemon = spawn(process.execPath, ['--import', 'tsx', 'electron/daemon/cli.ts', 'serve', '--config', config, '--data-dir', dataDir], {
    // A home of its own, where the daemon lists itself as running.
    env: { ...process.env, HOME: await tempDir() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  daemon.stdout?.on('data', (chunk) => (out += chunk));
  await until(() => out.includes('UI: '), 'the UI address', 20_000);
  // The printed link logs a browser in once; the socket takes the token from daemon.json, as the CLI's does.
  const found = await readDaemonInfo(dataDir);
  if (!found.ok) throw new Error(found.reason);
  return `ws://127.0.0.1:${found.info.port}${WS_PATH}?token=${found.info.token}`;
}

/** The window as a browser on `dingbridge serve` has it: the simulator page over the daemon's own WebSocket. */
function BrowserWindow({ url, statuses }: { url: string; statuses: LinkStatus[] }) {
  const [status, setStatus] = useState<LinkStatus>('connecting');
  const link = useMemo(
    () =>
      wsLink(url, (address) => new WebSocket(address) as unknown as WebSocketLike, {
        reconnect: true,
        onStatus: (next) => {
          statuses.push(next);
          setStatus(next);
        },
      }),
    [url, statuses],
  );
  const api = useMemo(() => createClient(link), [link]);
  useEffect(() => () => link.close(), [link]);
  return (
    <I18nProvider language="en">
      <ApiProvider api={api} link={status}>
        <SimulatorPage />
      </ApiProvider>
    </I18nProvider>
  );
}

async function findFile(dir: string, name: string): Promise<string | undefined> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return join(entry.parentPath, entry.name);
  }
  return undefined;
}

const attach = (file: File) => fireEvent.change(screen.getByLabelText('Attach a picture or file'), { target: { files: [file] } });
const bytes = (size: number, name: string) => new File([new Uint8Array(size).fill(0x61)], name, { type: 'application/octet-stream' });

describe('a file sent from a browser on the headless daemon', () => {
  it('arrives whole at the largest size the simulator allows; one byte more is refused in the window, naming the limit, and the link stays up', { timeout: 60_000 }, async () => {
    const dataDir = await tempDir();
    const url = await startDaemon(dataDir);
    const statuses: LinkStatus[] = [];
    render(<BrowserWindow url={url} statuses={statuses} />);
    const box = await screen.findByRole('textbox', { name: /Write a message/ }, { timeout: 10_000 });
    await waitFor(() => expect(statuses.at(-1)).toBe('open'));

    attach(bytes(ATTACHMENT_MAX_BYTES, 'largest.bin'));
    await screen.findByText(/largest\.bin/, { selector: '.attachment.pending' }, { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const [person] = await screen.findAllByRole('listitem', { name: '张三' }, { timeout: 20_000 });
    expect(within(person!).getByText('📎 largest.bin')).toBeTruthy();
    await screen.findAllByRole('listitem', { name: 'Bot' }, { timeout: 20_000 });
    const saved = await findFile(dataDir, 'largest.bin');
    expect(saved, 'the file in the channel’s inbox').toBeDefined();
    expect((await stat(saved!)).size).toBe(ATTACHMENT_MAX_BYTES);

    attach(bytes(ATTACHMENT_MAX_BYTES + 1, 'too-large.bin'));
    expect((await screen.findByRole('alert')).textContent).toBe('too-large.bin is larger than 10 MB, the most the simulator sends. Choose a smaller file.');
    expect(screen.queryByText(/too-large\.bin/, { selector: '.attachment.pending' })).toBeNull();

    fireEvent.change(box, { target: { value: 'still connected?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getAllByRole('listitem', { name: '张三' })).toHaveLength(2), { timeout: 10_000 });
    await waitFor(() => expect(screen.getAllByRole('listitem', { name: 'Bot' }).length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(statuses, 'the link, which never dropped').toEqual(['connecting', 'open']);
  });
});
