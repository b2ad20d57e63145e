/**
 * The built page must run under the console's strict CSP (script-src 'self', style-src 'self', no
 * 'unsafe-inline'): React turns a `style={{...}}` prop into a style attribute, which that policy blocks, and an
 * inline <script> or <style> in index.html would be blocked too. Dynamic looks go through CSS classes, SVG
 * attributes or CSSOM via a ref (which the CSP allows). The browser suites catch a violation when it happens; this
 * names the line before anyone opens a browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_DIR } from './browser.js';

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(tsx?|html)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the renderer is ready for a strict CSP', () => {
  it('no style props or attributes in its sources', () => {
    const offenders = sources(path.join(RENDERER_DIR, 'src')).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${path.relative(RENDERER_DIR, file)}:${i + 1}` }))
        .filter(({ line }) => /\bstyle=\{|\sstyle="/.test(line))
        .map(({ where }) => where),
    );
    expect(offenders).toEqual([]);
  });

  it('index.html has no inline script or style: one module script by src, nothing else', () => {
    const html = fs.readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => ({ src: /\bsrc=/.test(m[1]!), body: m[2]!.trim() }))).toEqual([{ src: true, body: '' }]);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });
});
