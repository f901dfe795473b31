import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChannelConfigSchema } from '../../electron/core/config/channel-schema.js';
import { settingSchema, unknownFileKeys, unknownSettings } from '../../electron/core/config/unknown-settings.js';
import { inPlatformSection } from '../../electron/core/config/platform-section.js';
import { allPages, codeBlocks, inlineCode, LANGUAGES, pagesIn, prose, type DocPage } from './doc-pages.js';
import { channelSettings, defaultOf, settingPath } from './setting-paths.js';

const SETTINGS = channelSettings();
const TOP_LEVEL = [...SETTINGS.keys()].filter((path) => !path.includes('.'));
/** The settings that hold others: a name starting with one of these and a dot names a setting inside it. */
const SECTIONS = ['channels', ...TOP_LEVEL.filter((path) => [...SETTINGS.keys()].some((other) => other.startsWith(`${path}.`)))];

/** A table of settings: its header names the setting first (`setting` / `设置`). */
function settingsTables(page: DocPage): Array<{ header: string[]; rows: string[][] }> {
  const tables: Array<{ header: string[]; rows: string[][] }> = [];
  const cells = (line: string) => line.split('|').slice(1, -1).map((cell) => cell.trim());
  const lines = prose(page.text).split('\n');
  lines.forEach((line, index) => {
    const header = cells(line);
    if (!line.startsWith('|') || !['setting', '设置'].includes(header[0] ?? '') || !lines[index + 1]?.startsWith('|---')) return;
    const rows: string[][] = [];
    for (let at = index + 2; lines[at]?.startsWith('|'); at++) rows.push(cells(lines[at] ?? ''));
    tables.push({ header, rows });
  });
  return tables;
}

/** The settings a row is about: the names in its first cell. */
const rowSettings = (row: string[]) => inlineCode(row[0] ?? '').map(settingPath);

/** A page without its sections on another program's settings (importing them): the names there are not ours. */
const ourProse = (text: string) =>
  prose(text)
    .split(/^(?=#)/m)
    .filter((section) => !/^#+ (Importing|导入)\n/.test(section))
    .join('');

/** A setting, or a DingTalk one as older files write it, at the top of the channel. */
const isSetting = (path: string) => SETTINGS.has(path) || SETTINGS.has(`dingtalk.${path}`);

describe('the settings the docs name', () => {
  it.each(LANGUAGES)('are, in %s, each a setting, in every table of settings', (language) => {
    const unknown = pagesIn(language).flatMap((page) => settingsTables(page).flatMap(({ rows }) => rows.flatMap(rowSettings).filter((path) => !SETTINGS.has(path)).map((path) => `${page.path}: ${path}`)));
    expect(unknown).toEqual([]);
  });

  it.each(LANGUAGES)('are, in %s, each a setting where the prose names one by its path', (language) => {
    const unknown = pagesIn(language).flatMap((page) =>
      inlineCode(ourProse(page.text))
        .map((span) => /^[\w[\]"*.]+/.exec(span)?.[0] ?? '')
        .filter((name) => SECTIONS.some((section) => name.startsWith(`${section}.`) || name.startsWith(`${section}[`)))
        .map(settingPath)
        // The guide's own example of a key that is not a setting.
        .filter((path) => !isSetting(path) && path !== 'groups.*.requireMentions')
        .map((path) => `${page.path}: ${path}`),
    );
    expect(unknown).toEqual([]);
  });

  it.each(LANGUAGES)('are, in %s, all in the table of a channel’s settings, or listed in the row of the setting they are part of', (language) => {
    const page = pagesIn(language).find((candidate) => candidate.path.endsWith('/channels.md')) as DocPage;
    const [table] = settingsTables(page);
    const rows = table?.rows ?? [];
    const named = new Set(rows.flatMap(rowSettings));
    const missing = [...SETTINGS.keys()].filter((path) => {
      // A section is there when a setting in it is.
      if (named.has(path) || path.endsWith('*') || [...named].some((name) => name.startsWith(`${path}.`))) return false;
      const parent = path.slice(0, path.lastIndexOf('.'));
      const leaf = path.slice(path.lastIndexOf('.') + 1);
      const parentRow = rows.find((row) => rowSettings(row).some((setting) => setting === parent || setting === parent.replace(/\.\*$/, '')));
      return !parentRow?.join(' ').includes(leaf);
    });
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)('have, in %s, the defaults and the values the schema has', (language) => {
    const wrong: string[] = [];
    for (const page of pagesIn(language)) {
      for (const { header, rows } of settingsTables(page)) {
        const defaultColumn = header.findIndex((title) => ['default', '默认值'].includes(title));
        for (const row of rows) {
          for (const path of rowSettings(row)) {
            const schema = SETTINGS.get(path);
            if (!schema) continue;
            const expected = defaultOf(path, schema);
            // A table has a column of defaults, or marks the default among the values: `steer` (default), `steer`（默认）.
            const written = defaultColumn >= 0 ? /^`([^`]+)`$/.exec(row[defaultColumn] ?? '')?.[1] : /`([^`]+)` ?[(（](?:default|默认)[)）]/.exec(row.join(' '))?.[1];
            if (written !== undefined && expected !== undefined && JSON.stringify(schema.safeParse(parseValue(written)).data) !== JSON.stringify(expected)) {
              wrong.push(`${page.path}: ${path} default ${written}, the schema's ${JSON.stringify(expected)}`);
            }
            const values = settingSchema(schema);
            if (values instanceof z.ZodEnum) {
              const listed = new Set(inlineCode(row.slice(1).join(' ')));
              const absent = (values.options as string[]).filter((option) => !listed.has(option));
              if (absent.length) wrong.push(`${page.path}: ${path} leaves out ${absent.join(', ')}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(LANGUAGES)('are, in %s, given values they take where the prose writes setting: value', (language) => {
    const wrong = pagesIn(language).flatMap((page) =>
      inlineCode(ourProse(page.text)).flatMap((span) => {
        const match = /^"?([a-zA-Z][\w.]*)"?: (.+)$/.exec(span);
        // A full path before a colon starts a message about the setting, not its value.
        const path = match && !match[1]?.startsWith('channels.') && settingPath(match[1] ?? '');
        const schema = path ? (SETTINGS.get(path) ?? uniqueLeaf(path)) : undefined;
        if (!match || !schema) return [];
        const value = parseValue(match[2] ?? '');
        return schema.safeParse(value).success ? [] : [`${page.path}: ${span}`];
      }),
    );
    expect(wrong).toEqual([]);
  });
});

describe('the settings files the docs show', () => {
  const examples = allPages().flatMap((page) => codeBlocks(page.text).filter((block) => /^json/.test(block.tag)).map((block) => ({ page: page.path, code: block.code })));

  it('are there in both languages', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map((example, index) => [`${example.page} #${index}`, example] as const))('%s reads, holds only settings, and each channel in it is valid', (_name, { code }) => {
    const text = code.trim().startsWith('{') ? code : `{ ${code} }`;
    const parsed = JSON5.parse(text) as Record<string, unknown>;
    const file = (parsed.config ?? parsed) as Record<string, unknown>;
    // A part of a channel, as most examples are, is tried as a channel of its own.
    const channels = (file.channels as Record<string, unknown> | undefined) ?? { example: { type: 'simulator', ...file } };
    if (file.channels) expect(unknownFileKeys(file)).toEqual([]);
    for (const [name, channel] of Object.entries(channels)) {
      expect(unknownSettings(channel, `channels.${name}`)).toEqual([]);
      const result = ChannelConfigSchema.safeParse(inPlatformSection(channel).channel);
      expect(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([]);
    }
  });
});

/** A value as the docs write it: JSON, or a bare word meaning that text. */
function parseValue(written: string): unknown {
  try {
    return JSON5.parse(written) as unknown;
  } catch {
    return written;
  }
}

/** A setting named by its last part alone (`requireMention`), when only one setting is called that. */
function uniqueLeaf(name: string): z.ZodType | undefined {
  const found = [...SETTINGS].filter(([path]) => path === name || path.endsWith(`.${name}`));
  return found.length === 1 ? found[0]?.[1] : undefined;
}
