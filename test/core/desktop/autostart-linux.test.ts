import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartFile, setLinuxAutostart } from '../../../electron/core/desktop/autostart-linux.js';
import { tempDir } from '../platform/dingtalk/harness.js';

const APP_ID = 'app.dingbridge';

/** Writes the entry into a fresh XDG_CONFIG_HOME and returns the file's text. */
async function writtenEntry(exec: string, name = 'Dingbridge'): Promise<string> {
  const env = { XDG_CONFIG_HOME: await tempDir() };
  await setLinuxAutostart(true, { appId: APP_ID, name, exec, env });
  return readFile(autostartFile(APP_ID, env), 'utf8');
}

const linesStartingWith = (entry: string, prefix: string) => entry.split('\n').filter((line) => line.startsWith(prefix));

// A reader written from the Desktop Entry Specification alone, independent of the writer, and strict:
// anything a conforming writer would never produce throws instead of being guessed at.

/** Reads the key/value lines of the one group, so a path that broke the line structure shows up. */
function parseEntry(text: string): Map<string, string> {
  const lines = text.split('\n');
  expect(lines.shift()).toBe('[Desktop Entry]');
  expect(lines.pop()).toBe('');
  const entry = new Map<string, string>();
  for (const line of lines) {
    const match = /^([A-Za-z0-9-]+) *= *(.*)$/.exec(line);
    if (!match) throw new Error(`not a key=value line: ${JSON.stringify(line)}`);
    const [, key, value] = match as unknown as [string, string, string];
    if (entry.has(key)) throw new Error(`duplicate key ${key}`);
    entry.set(key, value);
  }
  return entry;
}

const STRING_ESCAPES: Record<string, string> = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' };

/** Undoes the escapes of a value of type string, which the spec applies before Exec quoting. */
function unescapeStringValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '\\') {
      out += value[i];
      continue;
    }
    const next = value[++i];
    const decoded = next === undefined ? undefined : STRING_ESCAPES[next];
    if (decoded === undefined) throw new Error(`bad string escape at ${i} in ${JSON.stringify(value)}`);
    out += decoded;
  }
  return out;
}

const RESERVED = ' \t\n"\'\\><~|&;$*?#()`';

/** Field codes are expanded after unquoting; the entry uses none, so only %% may appear. */
function expandFieldCodes(arg: string): string {
  return arg.replace(/%([\s\S]?)/g, (_, code: string) => {
    if (code !== '%') throw new Error(`unexpected field code %${code} in ${JSON.stringify(arg)}`);
    return '%';
  });
}

/** Splits a string-unescaped Exec command line into the arguments a launcher passes to the program. */
function splitExec(commandLine: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < commandLine.length) {
    let arg = '';
    if (commandLine[i] === '"') {
      i++;
      for (;;) {
        const char = commandLine[i++];
        if (char === undefined) throw new Error(`unterminated quote in ${JSON.stringify(commandLine)}`);
        if (char === '"') break;
        if (char === '`' || char === '$') throw new Error(`unescaped ${char} inside quotes`);
        if (char === '\\') {
          const next = commandLine[i++];
          if (next === undefined || !'"`$\\'.includes(next)) throw new Error(`bad quoted escape \\${next ?? ''}`);
          arg += next;
        } else {
          arg += char;
        }
      }
    } else {
      while (i < commandLine.length && commandLine[i] !== ' ') {
        const char = commandLine[i++] as string;
        if (RESERVED.includes(char)) throw new Error(`reserved ${JSON.stringify(char)} outside quotes`);
        arg += char;
      }
      if (arg === '') throw new Error(`empty unquoted argument in ${JSON.stringify(commandLine)}`);
    }
    args.push(expandFieldCodes(arg));
    if (i < commandLine.length && commandLine[i++] !== ' ') throw new Error('an argument must be quoted in whole');
  }
  return args;
}

function launchedArgs(text: string): string[] {
  const exec = parseEntry(text).get('Exec');
  if (exec === undefined) throw new Error('no Exec key');
  return splitExec(unescapeStringValue(exec));
}

const BACKTICK = '`';

describe('Linux start at login', () => {
  it('writes an XDG autostart entry that starts hidden, and removes it again', async () => {
    const configHome = await tempDir();
    const env = { XDG_CONFIG_HOME: configHome };
    const options = { appId: 'app.dingbridge', name: 'Dingbridge', exec: '/opt/My Apps/Dingbridge.AppImage', env };
    await setLinuxAutostart(true, options);
    const file = join(configHome, 'autostart', 'app.dingbridge.desktop');
    expect(autostartFile('app.dingbridge', env)).toBe(file);
    const entry = await readFile(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/opt/My Apps/Dingbridge.AppImage" --hidden');
    expect(entry).toContain('X-GNOME-Autostart-enabled=true');
    await setLinuxAutostart(false, options);
    await expect(stat(file)).rejects.toThrow();
    await setLinuxAutostart(false, options);
  });

  it('falls back to ~/.config without XDG_CONFIG_HOME', () => {
    expect(autostartFile('x', { HOME: '/home/li' })).toBe('/home/li/.config/autostart/x.desktop');
  });

  // Expected lines are the file's bytes (String.raw): a quoted backslash is four, a quoted `$` is `\\$`.
  it.each([
    { label: 'no reserved characters', exec: '/opt/dingbridge/Dingbridge.AppImage', line: 'Exec=/opt/dingbridge/Dingbridge.AppImage --hidden' },
    { label: 'a space', exec: '/opt/My Apps/Dingbridge', line: 'Exec="/opt/My Apps/Dingbridge" --hidden' },
    { label: 'a dollar sign', exec: '/opt/$HOME/Dingbridge', line: String.raw`Exec="/opt/\\$HOME/Dingbridge" --hidden` },
    { label: 'a backtick', exec: `/opt/a${BACKTICK}b/Dingbridge`, line: String.raw`Exec="/opt/a\\${BACKTICK}b/Dingbridge" --hidden` },
    { label: 'a double quote', exec: '/opt/say "hi"/Dingbridge', line: String.raw`Exec="/opt/say \\"hi\\"/Dingbridge" --hidden` },
    { label: 'a backslash', exec: '/opt/back\\slash/Dingbridge', line: String.raw`Exec="/opt/back\\\\slash/Dingbridge" --hidden` },
    { label: 'a percent sign', exec: '/opt/100%/Dingbridge', line: 'Exec=/opt/100%%/Dingbridge --hidden' },
    { label: 'a percent sign and a space', exec: '/opt/100% sure/Dingbridge', line: 'Exec="/opt/100%% sure/Dingbridge" --hidden' },
    { label: 'a single quote', exec: "/home/li/O'Brien/Dingbridge", line: `Exec="/home/li/O'Brien/Dingbridge" --hidden` },
    { label: 'a newline', exec: '/opt/line\nbreak/Dingbridge', line: String.raw`Exec="/opt/line\nbreak/Dingbridge" --hidden` },
  ])('writes the exact Exec line for a path with $label', async ({ exec, line }) => {
    expect(linesStartingWith(await writtenEntry(exec), 'Exec=')).toEqual([line]);
  });

  it.each([
    '/opt/dingbridge/Dingbridge.AppImage',
    '/opt/My Apps/Dingbridge.AppImage',
    '/home/li/Apps/line\nbreak/Dingbridge.AppImage',
    '/tmp/tab\there/cr\rhere/Dingbridge',
    '/tmp/back\\slash/Dingbridge',
    '/tmp/trailing-backslash\\',
    '/tmp/a\\nb/backslash-then-n',
    '/tmp/a\\\\b/two-backslashes',
    '/tmp/\\"\\$\\`/backslash-before-each-escaped-char',
    '/tmp/100%/Dingbridge',
    '/tmp/%f %u %%/Dingbridge',
    '/tmp/ends-with-percent%',
    '/tmp/$HOME/`id`/$(whoami)/Dingbridge',
    '/tmp/say "hi"/Dingbridge',
    "/home/li/O'Brien/Dingbridge",
    '/tmp/<>~|&;*?#()/Dingbridge',
    '/tmp/equals=sign/Dingbridge',
    ' leading space/Dingbridge',
    '/tmp/trailing space ',
    '/tmp/ünïcødé 钉钉/Dingbridge',
    '/tmp/--hidden',
  ])('a launcher reading the entry runs exactly [%j, --hidden]', async (exec) => {
    expect(launchedArgs(await writtenEntry(exec))).toEqual([exec, '--hidden']);
  });

  it('escapes the Name so a backslash or newline in it stays one line and reads back unchanged', async () => {
    const name = 'Ding\\bridge\nBeta';
    const entry = await writtenEntry('/opt/dingbridge/Dingbridge', name);
    expect(linesStartingWith(entry, 'Name=')).toEqual([String.raw`Name=Ding\\bridge\nBeta`]);
    expect(unescapeStringValue(parseEntry(entry).get('Name') ?? '')).toBe(name);
  });
});
