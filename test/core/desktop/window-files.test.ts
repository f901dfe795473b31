import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { windowCacheControl, windowContentType, windowFile } from '../../../electron/core/desktop/window-files.js';

const root = join('/', 'app', 'dist', 'renderer');

describe('the window’s files', () => {
  it('maps the page and its assets to files inside the folder', () => {
    expect(windowFile(root, '/')).toEqual({ path: join(root, 'index.html'), relative: 'index.html' });
    expect(windowFile(root, '/assets/index-abc.js')).toEqual({ path: join(root, 'assets', 'index-abc.js'), relative: 'assets/index-abc.js' });
    expect(windowFile(root, '/assets/a%20b.css')?.relative).toBe('assets/a b.css');
  });

  it('never leads out of the folder, and never throws on what a hostile page may ask', () => {
    for (const path of ['/../main/index.js', '/..%2F..%2Fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../x']) {
      const file = windowFile(root, path);
      expect(file === undefined || file.path.startsWith(`${root}/`), path).toBe(true);
    }
    expect(windowFile(root, '/%ff')).toBeUndefined();
    expect(windowFile(root, '/%E0%A4%A')).toBeUndefined();
    expect(windowFile(root, '/index.html%00.png')).toBeUndefined();
  });

  it('gives module scripts and stylesheets the types browsers insist on; the page is revalidated, assets cached', () => {
    expect(windowContentType('/x/index-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(windowContentType('/x/index.css')).toBe('text/css; charset=utf-8');
    expect(windowContentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(windowContentType('/x/blob')).toBe('application/octet-stream');
    expect(windowCacheControl({ path: '', relative: 'index.html' })).toBe('no-cache');
    expect(windowCacheControl({ path: '', relative: 'assets/a.js' })).toMatch(/immutable/);
  });
});
