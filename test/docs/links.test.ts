import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function markdownFiles(): Promise<string[]> {
  const docs = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { withFileTypes: true })).flatMap((entry) => (entry.isFile() && entry.name.endsWith('.md') ? [join(dir, entry.name)] : []));
  return [join(root, 'README.md'), ...(await docs(join(root, 'docs/en'))), ...(await docs(join(root, 'docs/zh-CN')))];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes; CJK kept. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

describe('the documentation', () => {
  it('has every page in both languages', async () => {
    const en = (await readdir(join(root, 'docs/en'))).sort();
    const zh = (await readdir(join(root, 'docs/zh-CN'))).sort();
    expect(zh).toEqual(en);
    expect(en).toEqual(expect.arrayContaining(['README.md', 'dingtalk-bot.md', 'simulator.md', 'channels.md', 'groups.md', 'agents.md', 'running.md', 'troubleshooting.md']));
  });

  it('links only to files and headings that exist', async () => {
    const broken: string[] = [];
    for (const file of await markdownFiles()) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1] ?? '';
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const resolved = path ? join(dirname(file), path) : file;
        const found = await stat(resolved).then(() => true, () => false);
        if (!found) {
          broken.push(`${relative(root, file)} → ${target}`);
          continue;
        }
        if (anchor) {
          const headings = (await readFile(resolved, 'utf8')).split('\n').filter((line) => line.startsWith('#')).map((line) => slug(line.replace(/^#+/, '')));
          if (!headings.includes(decodeURIComponent(anchor))) broken.push(`${relative(root, file)} → ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
