/**
 * `npm run build` then `npm start` as on a production server after `npm ci --omit=dev` (or `npm prune
 * --omit=dev`): a copy of the project whose node_modules holds only the production dependencies of
 * package-lock.json, resolved without falling back to the full node_modules (--preserve-symlinks). The compiled
 * entry points must import nothing else, `npm start` and `npm run demo` must run there, and `npm run clean` must
 * remove what the build made.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs build script without type declarations
import { buildServer } from '../../build/build-server.mjs';
import { login, request } from '../support/apiClient.js';
import { cleanup, signalGroup, spawnCommand, waitForBanner } from './spawnProxy.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };

/** The packages `npm ci --omit=dev` installs at the top of node_modules (nested ones live inside them). */
function productionPackages(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key) && !entry.dev)
    .map(([key]) => key.slice('node_modules/'.length));
}

/** `from "x"`, `import "x"` and `import("x")` of a bundle, as package names (node: built-ins as they are). */
function importedPackages(code: string): Set<string> {
  const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"([^"]+)"/g)].map((m) => m[1] as string);
  return new Set(specifiers.filter((s) => !s.startsWith('.')).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0] as string)));
}

/** What a missing package or a failed start would print (warnings such as the generated key are expected). */
const NOTHING_MISSING = /\[error\]|ERR_MODULE_NOT_FOUND|Cannot find|could not start/;

let dir = '';
const env = (extra: Record<string, string> = {}) => ({
  PORT: '0',
  LOG_FILE: '',
  // Resolve every package through the production-only node_modules of the copy, never through the real one.
  NODE_OPTIONS: '--preserve-symlinks',
  ...extra,
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-prod-'));
  // What a checkout holds (timestamps kept, so the copy's build is as new as its sources), then the build.
  // renderer/ too: without Vite (a dev dependency) npm run demo cannot build the console, and says so.
  for (const item of ['package.json', 'package-lock.json', 'build', 'src', 'renderer']) {
    fs.cpSync(path.join(ROOT, item), path.join(dir, item), { recursive: true, preserveTimestamps: true });
  }
  await buildServer({ dir: path.join(dir, 'dist', 'cli') });
  const modules = path.join(dir, 'node_modules');
  for (const name of productionPackages()) {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules', name)), path.join(modules, name), 'dir');
  }
  expect(fs.existsSync(path.join(modules, 'express'))).toBe(true);
  expect(fs.existsSync(path.join(modules, 'tsx'))).toBe(false);
  expect(fs.existsSync(path.join(modules, 'esbuild'))).toBe(false);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the compiled proxy, with production dependencies only', () => {
  it('imports only Node built-ins and the dependencies of package.json', () => {
    const out = path.join(dir, 'dist', 'cli');
    const files = fs.readdirSync(out).filter((f) => f.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['serve.js', 'demo.js']));
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules.map((m) => `node:${m}`)]);
    for (const file of files) {
      const code = fs.readFileSync(path.join(out, file), 'utf8');
      for (const name of importedPackages(code)) expect(allowed.has(name), `${file} imports ${name}`).toBe(true);
      expect(code, `${file} uses require()`).not.toMatch(/\brequire\(\s*["'](?!node:)/);
    }
  });

  it('npm start runs dist/cli/serve.js: the API answers, the login works, SIGTERM stops it gracefully', async () => {
    expect(pkg.scripts.start).toBe('node dist/cli/serve.js');
    const p = spawnCommand('npm', ['start', '--silent'], { dir, env: env({ IBKR_AUTO_CONNECT: 'false' }), group: true });
    try {
      const banner = await waitForBanner(p);
      const health = (await request({ url: banner.url }, { path: '/health' })).body as { mode: string; version: string };
      expect(health).toMatchObject({ mode: 'headless', version: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version });
      expect(await login({ url: banner.url }, banner.token ?? '')).toBeTruthy();
      await signalGroup(p, 'SIGTERM');
      expect(p.stdout()).toContain('Shutting down (SIGTERM)');
      expect(p.stdout()).toContain('Stopped.');
      expect(p.stderr()).not.toMatch(NOTHING_MISSING);
    } finally {
      cleanup(p, { keepDir: true });
    }
  });

  it('npm run demo runs the compiled demo (no rebuild, no esbuild), connected to its simulator', async () => {
    const p = spawnCommand('npm', ['run', 'demo', '--silent'], { dir, env: env(), group: true });
    try {
      const banner = await waitForBanner(p);
      expect(p.stdout()).not.toContain('Compiled dist/cli');
      const health = (await request({ url: banner.url }, { path: '/health' })).body as { mode: string; ibkr: { connected: boolean } };
      expect(health).toMatchObject({ mode: 'demo', ibkr: { connected: true } });
      // No Vite here: no console build, one sentence, and `/` says how to get the console.
      expect(p.stdout()).toContain('The web console is not built and Vite (a dev dependency) is not installed');
      const page = await fetch(`${banner.url}/`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('Web console not built');
      expect(p.stdout()).toContain(`Console:    ${banner.url}/`);
      // The banner's one-time link: exchanged once for a session, its code on stdout in the banner only.
      const code = new RegExp(`${banner.url}/#launch=([A-Za-z0-9_-]+)`).exec(p.stdout())?.[1] ?? '';
      expect(p.stdout().split(code).length - 1).toBe(1);
      const launched = await request({ url: banner.url }, { method: 'POST', path: '/api/auth/launch', body: { code } });
      expect(launched.status).toBe(200);
      // The simulator's faults reach its worker thread and back.
      const token = (launched.body as { token: string }).token;
      const fault = await request({ url: banner.url }, { method: 'POST', path: '/api/admin/demo/faults', headers: { authorization: `Bearer ${token}` }, body: { fault: 'competing-session' } });
      expect(fault.body).toEqual({ success: true, message: 'Simulator: Competing session starts' });
      await signalGroup(p, 'SIGINT');
      expect(p.stdout()).toContain('Stopped.');
      expect(p.stderr()).not.toMatch(NOTHING_MISSING);
    } finally {
      cleanup(p, { keepDir: true });
    }
  });

  it('npm run clean removes what the build made', async () => {
    const p = spawnCommand('npm', ['run', 'clean', '--silent'], { dir, env: {} });
    expect(await p.exited).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'src'))).toBe(true);
  });
});
