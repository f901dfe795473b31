import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../electron/daemon/cli.js';
import { allPages, codeBlocks, prose, ROOT } from './doc-pages.js';

const FLAG = /(?<![\w-])--[a-z][a-z-]*/g;

/** `dingbridge --help`, as a user reads it. */
async function usage(): Promise<string> {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  try {
    await main(['--help']);
  } finally {
    log.mockRestore();
  }
  return printed.join('\n');
}

/** Each command the help lists, with the flags its line gives it. */
function commandsIn(help: string): Map<string, Set<string>> {
  const commands = new Map<string, Set<string>>();
  for (const [, command = '', rest = ''] of help.matchAll(/^ {2}dingbridge (\w+)(.*)$/gm)) commands.set(command, new Set(rest.match(FLAG) ?? []));
  return commands;
}

/**
 * The Dingbridge command lines in the docs' examples and inline code, however the command is reached: `dingbridge`,
 * the repository's `npm run dingbridge --` and `npm run serve --`, or the built `node dist/daemon/cli.js`.
 */
function commandLines(text: string): Array<{ command: string; flags: string[]; line: string }> {
  const lines = [...codeBlocks(text).flatMap((block) => block.code.split('\n')), ...[...prose(text).matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '')];
  return lines.flatMap((line) =>
    [...line.matchAll(/(?:(?<![\w-])dingbridge(?![\w.-])|npm run dingbridge --|dist\/daemon\/cli\.js)\s+(\w+)([^|;&]*)|npm run serve --([^|;&]*)/g)].map((match) =>
      match[3] !== undefined ? { command: 'serve', flags: match[3].match(FLAG) ?? [], line } : { command: match[1] ?? '', flags: match[2]?.match(FLAG) ?? [], line },
    ),
  );
}

/** Flags the docs name that are other programs', each with the program. */
const OTHER_PROGRAMS: Record<string, string> = {
  '--acp': 'the agents (qwen --acp, gemini --acp)',
  '--model': 'the agents',
  '--max-semi-space-size': 'node, in package.json’s serve script',
  '--linux': 'electron-builder, through npm run dist',
  '--mac': 'electron-builder, through npm run dist',
  '--win': 'electron-builder, through npm run dist',
  '--quick': 'npm run bench',
  '--only': 'npm run bench',
};

describe('the command lines in the docs', () => {
  let commands: Map<string, Set<string>>;
  beforeAll(async () => {
    commands = commandsIn(await usage());
  });
  afterAll(() => vi.restoreAllMocks());

  it('find the help and every command in it', () => {
    expect([...commands.keys()]).toEqual(['serve', 'status', 'link', 'pairing', 'permissions', 'check', 'listen']);
  });

  it('give flags the CLI takes, as its help lists them', async () => {
    for (const flag of new Set([...commands.values()].flatMap((flags) => [...flags]))) {
      // Past the flags, an unknown command is refused: a flag the parser does not know is refused before that.
      await expect(main(['no-such-command', flag, 'x'])).rejects.toThrow(/Unknown command/);
    }
    await expect(main(['no-such-command', '--oapi', 'x'])).rejects.toThrow(/Unknown option '--oapi'/);
  });

  it('use only commands the CLI has, each with flags its help gives it', () => {
    const wrong = allPages().flatMap((page) =>
      commandLines(page.text).flatMap(({ command, flags, line }) => {
        const known = commands.get(command);
        if (!known) return [`${page.path}: no command "${command}" in ${line}`];
        return flags.filter((flag) => !known.has(flag) && flag !== '--help').map((flag) => `${page.path}: ${command} has no ${flag} in ${line}`);
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('name no flag the CLI does not have, unless another program’s', () => {
    const dingbridge = new Set([...commands.values()].flatMap((flags) => [...flags]));
    const named = allPages().flatMap((page) => [...prose(page.text).matchAll(/`([^`\n]+)`/g)].flatMap((match) => (match[1]?.match(FLAG) ?? []).map((flag) => ({ page: page.path, flag }))));
    expect(named.filter(({ flag }) => !dingbridge.has(flag) && !Object.hasOwn(OTHER_PROGRAMS, flag)).map(({ page, flag }) => `${page}: ${flag}`)).toEqual([]);
    const packageFile = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const bench = readFileSync(join(ROOT, 'bench/run.ts'), 'utf8');
    expect(packageFile).toContain('--max-semi-space-size');
    expect(bench).toContain("'--quick'");
    expect(bench).toContain("'--only'");
  });

  it('run only npm scripts the project has', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const run = allPages().flatMap((page) => [...page.text.matchAll(/npm run ([\w:-]+)/g)].map((match) => ({ page: page.path, script: match[1] ?? '' })));
    expect(run.length).toBeGreaterThan(10);
    expect(run.filter(({ script }) => !scripts.includes(script)).map(({ page, script }) => `${page}: npm run ${script}`)).toEqual([]);
  });
});
