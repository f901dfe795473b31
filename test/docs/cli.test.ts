import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { allPages, codeBlocks, inlineCode, ROOT } from './doc-pages.js';

const FLAG = /(?<![\w-])--[a-z][a-z-]*/g;

/** The CLI run as a user runs it, with what it printed and its exit code. */
async function dingbridge(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/daemon/cli.ts'), ...args], { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
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
  const lines = [...codeBlocks(text).flatMap((block) => block.code.split('\n')), ...inlineCode(text)];
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
    commands = commandsIn((await dingbridge(['--help'])).output);
  }, 30_000);

  it('find the help and every command in it', () => {
    expect([...commands.keys()]).toEqual(['serve', 'status', 'link', 'pairing', 'permissions', 'check', 'listen']);
  });

  it('give flags the CLI takes, as its help lists them', async () => {
    const flags = [...new Set([...commands.values()].flatMap((listed) => [...listed]))];
    expect(flags.length).toBeGreaterThan(8);
    // The parser reads every flag before it looks at the command: past them all, only the command is refused.
    const all = await dingbridge(['no-such-command', ...flags.flatMap((flag) => [flag, 'x'])]);
    expect(all).toMatchObject({ code: 2, output: expect.stringContaining('Unknown command "no-such-command"') });
    expect((await dingbridge(['no-such-command', '--oapi', 'x'])).output).toContain("Unknown option '--oapi'");
  }, 30_000);

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
    const named = allPages().flatMap((page) => inlineCode(page.text).flatMap((span) => (span.match(FLAG) ?? []).map((flag) => ({ page: page.path, flag }))));
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
