/**
 * The web console's page and assets on `/`: served from the built renderer with the console's strict CSP, only
 * index.html and flat asset names (no way to any other file), the "not built" page where there is no build, and
 * the real Vite output free of inline script and style (what that CSP would block).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NOT_BUILT } from '../../../src/core/api/http/console.js';
import type { ApiHarness } from './harness.js';
import { startRealStack } from './realStack.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PAGE = '<!doctype html><html><head><script type="module" src="./assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

let dir = '';
let h: ApiHarness;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-console-page-'));
  const built = path.join(dir, 'dist-renderer');
  fs.mkdirSync(path.join(built, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(built, 'index.html'), PAGE);
  fs.writeFileSync(path.join(built, 'assets', 'index-abc123.js'), 'console.log("console");\n');
  fs.writeFileSync(path.join(built, 'assets', 'index-abc123.css'), 'body{}\n');
  fs.writeFileSync(path.join(built, 'assets', '.hidden.js'), 'secret\n');
  fs.writeFileSync(path.join(built, 'assets', 'notes.txt'), 'not an asset type\n');
  // Beside the build: what a traversal would be after.
  fs.writeFileSync(path.join(dir, 'secrets.json'), '{"jwt":"do-not-serve"}\n');
  h = await startRealStack({ consoleDir: built });
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the console page on /', () => {
  it('serves index.html with a CSP allowing only its own files and its own WebSocket, never framed', async () => {
    const r = await h.http('GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toBe(PAGE);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${h.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves its assets with their type and the same CSP; the browser\'s favicon request is a quiet 204', async () => {
    const js = await h.http('GET', '/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(js.headers.get('cache-control')).toContain('immutable');
    const css = await h.http('GET', '/assets/index-abc123.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await h.http('GET', '/favicon.ico')).status).toBe(204);
  });

  it('reaches no other file: traversal, hidden files, unknown types and folders are 404 (JSON, the API\'s)', async () => {
    for (const p of [
      '/assets/..%2f..%2fsecrets.json',
      '/assets/%2e%2e/%2e%2e/secrets.json',
      '/../secrets.json',
      '/assets/../../secrets.json',
      '/assets/.hidden.js',
      '/assets/notes.txt',
      '/assets/',
      '/secrets.json',
      '/index.html/../../secrets.json',
    ]) {
      const r = await fetch(`${h.baseUrl}${p}`);
      const text = await r.text();
      expect(text, p).not.toContain('do-not-serve');
      expect(text, p).not.toContain('secret\n');
      expect([404, 400], p).toContain(r.status);
    }
  });

  it('a foreign Origin cannot fetch the page (the Origin check covers it too)', async () => {
    const r = await h.http('GET', '/', { headers: { Origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
  });
});

describe('where the console is not built', () => {
  it('says so, with how to build it, instead of failing; the API still works', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-no-console-'));
    const bare = await startRealStack({ consoleDir: path.join(empty, 'dist-renderer') });
    try {
      const r = await bare.http('GET', '/');
      expect(r.status).toBe(503);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.text).toContain('Web console not built');
      expect(r.text).toContain(CONSOLE_NOT_BUILT);
      expect(r.text).not.toMatch(/<script|<style|style=/);
      expect((await bare.http('GET', '/assets/index-abc123.js')).status).toBe(404);
      expect((await bare.http('GET', '/health')).status).toBe(200);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the real build of renderer/ (dist-renderer)', () => {
  const index = path.join(ROOT, 'dist-renderer', 'index.html');
  const built = fs.existsSync(index);
  if (!built) console.log('  dist-renderer not built: the inline-script check of the real build is skipped (npm test builds it first).');

  it.skipIf(!built)('has no inline script or style, which the console\'s CSP would block', () => {
    const html = fs.readFileSync(index, 'utf8');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, 'every script is a file').toMatch(/\bsrc=/);
    expect(html.replace(/<!--[\s\S]*?-->/g, '')).not.toMatch(/<script\b[^>]*>\s*[^<\s]/);
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    for (const asset of html.match(/(?:src|href)="\.\/assets\/[^"]+"/g) ?? []) {
      const file = asset.replace(/^(?:src|href)="\.\//, '').replace(/"$/, '');
      expect(fs.existsSync(path.join(ROOT, 'dist-renderer', file)), file).toBe(true);
    }
  });
});
