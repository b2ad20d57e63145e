/**
 * productVersion(): right unbundled (tsx from src/, tsc's dist/), from a build-time constant in bundles, and the
 * package.json lookup behind it finds this product's manifest from any depth, never another package's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { PACKAGE_NAME, productVersion, versionFromPackageJson } from '../../../src/core/app/version.js';

const ownVersion = (JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function layout(files: Record<string, unknown>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'er-version-'));
  dirs.push(root);
  for (const [rel, json] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), typeof json === 'string' ? json : JSON.stringify(json));
  }
  return root;
}

describe('productVersion', () => {
  it("is package.json's version when run from src/ (tsx)", () => {
    expect(productVersion()).toBe(ownVersion);
  });

  it('finds our package.json from the bundle folder of an installed app, skipping foreign manifests', () => {
    const root = layout({
      'resources/app/package.json': { name: PACKAGE_NAME, version: '9.8.7' },
      'resources/app/dist/main/package.json': { name: 'something-else', version: '1.0.0' },
      'resources/app/dist/main/main.js': '',
      'resources/package.json': '{ not json',
    });
    expect(versionFromPackageJson(path.join(root, 'resources/app/dist/main'))).toBe('9.8.7');
    expect(versionFromPackageJson(path.join(root, 'resources'))).toBeNull();
  });

  it('comes from the build-time constant in a bundle, wherever the bundle lands', async () => {
    const out = layout({});
    // The same define as build/build-desktop.mjs, bundled into a folder with no package.json above it.
    await build({
      entryPoints: [path.resolve('src/core/app/version.ts')],
      outfile: path.join(out, 'version.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      define: { __EDGERUNNER_VERSION__: JSON.stringify('4.5.6') },
      logLevel: 'silent',
    });
    const bundled = (await import(pathToFileURL(path.join(out, 'version.mjs')).href)) as { productVersion: () => string };
    expect(bundled.productVersion()).toBe('4.5.6');
  });
});
