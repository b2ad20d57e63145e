/**
 * electron-builder.yml checked by electron-builder itself (app-builder-lib's getConfig + validateConfiguration,
 * i.e. its scheme.json), without building anything; plus the promises the issue makes about packaging.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');

interface BuilderConfig {
  appId: string;
  /** getConfig normalises the list to one { filter } entry. */
  files: { filter: string[] }[];
  extraResources: { from: string; to: string }[];
  asar: boolean;
  icon: string;
  mac: { target: string[]; hardenedRuntime: boolean; entitlements: string; extendInfo: Record<string, unknown> };
  win: { target: string[] };
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean };
  linux: { target: string[] };
  publish: { provider: string; owner: string; repo: string };
}

async function loadConfig(file = 'electron-builder.yml'): Promise<BuilderConfig> {
  const { getConfig } = require('app-builder-lib/out/util/config/config.js') as { getConfig: (dir: string, file: string | null, opts: null) => Promise<BuilderConfig> };
  return getConfig(root, path.join(root, file), null);
}

async function validate(config: unknown): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration: (c: unknown, d: unknown) => Promise<void> };
  const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration check", async () => {
    await expect(validate(await loadConfig())).resolves.toBeUndefined();
  });

  it('the check is real: an unknown option or a wrong type is rejected', async () => {
    const config = await loadConfig();
    await expect(validate({ ...config, nsis: { ...config.nsis, oneClik: true } })).rejects.toThrow(/configuration\.nsis/);
    await expect(validate({ ...config, asar: 'yes please' })).rejects.toThrow();
  });

  it('builds what the issue asks for: per-user NSIS, DMG+ZIP hardened, AppImage+deb, asar, GitHub publish', async () => {
    const c = await loadConfig();
    expect(c.asar).toBe(true);
    expect(c.nsis).toMatchObject({ oneClick: true, perMachine: false, allowElevation: false });
    expect(c.win.target).toEqual(['nsis']);
    expect(c.mac.target).toEqual(['dmg', 'zip']);
    expect(c.mac.hardenedRuntime).toBe(true);
    expect(c.mac.extendInfo.LSUIElement).toBe(true);
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.publish.provider).toBe('github');
  });

  it('points at files that exist (icons, entitlements) and ships the bundles main.ts loads', async () => {
    const c = await loadConfig();
    for (const rel of [c.icon, c.mac.entitlements, ...c.extraResources.map((r) => r.from)]) expect(fs.existsSync(path.join(root, rel)), rel).toBe(true);
    const files = c.files.flatMap((f) => f.filter);
    expect(files).toEqual(expect.arrayContaining(['dist/main/main.js', 'dist/preload/preload.cjs', 'dist-renderer/**/*']));
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(files).toContain(pkg.main);
    expect(c.extraResources).toContainEqual(expect.objectContaining({ from: 'build/tray', to: 'tray' }));
  });
});
