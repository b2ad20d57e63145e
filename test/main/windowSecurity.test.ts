import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isNavigationAllowed, rendererResponseHeaders } from '../../src/main/window/windowSecurity.js';
import { resolveRendererFile } from '../../src/main/window/rendererFiles.js';

describe('monitor window security', () => {
  it('has a CSP with no remote sources, no eval and no inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|data:|\*/);
    expect(rendererResponseHeaders('text/html')['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('needs no inline styles and no data: images (React styles through the CSSOM; no inlined assets)', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...v]) => [name!, v.join(' ')]));
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('img-src')).toBe("'self'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
  });

  it("is the renderer's own <meta> CSP plus frame-ancestors (which only a header can carry)", () => {
    const html = fs.readFileSync(path.resolve('renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const headerWithoutFrameAncestors = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
    expect(meta).toBe(headerWithoutFrameAncestors);
  });

  it('allows navigation only within our renderer', () => {
    expect(isNavigationAllowed('app://renderer/index.html#/settings')).toBe(true);
    expect(isNavigationAllowed('https://example.com/')).toBe(false);
    expect(isNavigationAllowed('file:///etc/hosts')).toBe(false);
  });
});

describe('renderer file serving', () => {
  const root = path.resolve('/opt/app/dist-renderer');
  it('serves files of the built renderer with their type', () => {
    expect(resolveRendererFile('app://renderer/', root)).toEqual({ file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveRendererFile('app://renderer/assets/index-abc.js?x=1', root)?.file).toBe(path.join(root, 'assets', 'index-abc.js'));
  });
  it('keeps dot segments inside the renderer folder (the URL parser collapses them)', () => {
    expect(resolveRendererFile('app://renderer/../../etc/x.json', root)?.file).toBe(path.join(root, 'etc', 'x.json'));
  });
  it('refuses traversal, other hosts, other schemes and unknown types', () => {
    for (const url of [
      'app://renderer/x%2f..%2f..%2f..%2fetc%2fpasswd.js',
      'app://renderer/..%5c..%5cwindows.js',
      'app://other/index.html',
      'file:///opt/app/dist-renderer/index.html',
      'app://renderer/index.exe',
      'app://renderer/a%00.js',
    ]) {
      expect(resolveRendererFile(url, root), url).toBeNull();
    }
  });
});
