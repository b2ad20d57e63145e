/**
 * A fresh checkout after `npm ci`, then `npm run demo`: the web console is there. build/run-cli.mjs builds
 * dist-renderer with Vite (installed, a dev dependency) before the proxy starts, and the proxy serves it on `/`
 * with its CSP. A copy of the project, so the real dist-renderer is left alone. (Without Vite: build.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, signalGroup, spawnCommand, waitForBanner } from './spawnProxy.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-fresh-'));
  for (const item of ['package.json', 'build', 'src', 'renderer', 'packages/client/src', 'packages/client/package.json']) {
    fs.cpSync(path.join(ROOT, item), path.join(dir, item), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run demo in a fresh checkout', () => {
  it('builds the console first, then serves it on / with its CSP', async () => {
    expect(fs.existsSync(path.join(dir, 'dist-renderer'))).toBe(false);
    const p = spawnCommand(process.execPath, ['build/run-cli.mjs', 'demo'], { dir, env: { PORT: '0', LOG_FILE: '' }, group: true });
    try {
      const banner = await waitForBanner(p);
      expect(p.stdout()).toMatch(/Built the web console into dist-renderer \(not built yet\)/);
      const page = await fetch(`${banner.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await page.text();
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(`${banner.url}/${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
      await signalGroup(p, 'SIGINT');
    } finally {
      cleanup(p, { keepDir: true });
    }
  }, 120_000);
});
