/**
 * The product version, the same in every way the proxy runs.
 *
 * 1. Bundles get it at build time: build/build-desktop.mjs defines __EDGERUNNER_VERSION__ from package.json, since
 *    inside the esbuild bundle (dist/main/main.js, then app.asar) no path relative to this module is right in
 *    every layout. Hosts that know better still pass their own (ProxyApp's `version` option; the desktop gives
 *    Electron's app.getVersion()).
 * 2. Unbundled (tsx from src/, tsc's dist/core/app/), the nearest package.json of THIS product, walking up from
 *    this module: right from any depth, and never another package's manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __EDGERUNNER_VERSION__: string | undefined;

/** package.json `name`: a manifest with another name (a dependency, a parent project) is not ours. */
export const PACKAGE_NAME = 'edgerunner-ibkr-proxy';
const UNKNOWN = '0.0.0';

let cached: string | undefined;

export function productVersion(): string {
  // typeof: where nothing defined the constant (tsx, tsc output) the bare name would throw.
  if (typeof __EDGERUNNER_VERSION__ === 'string') return __EDGERUNNER_VERSION__;
  cached ??= versionFromPackageJson(fileURLToPath(new URL('.', import.meta.url))) ?? UNKNOWN;
  return cached;
}

/** The version in the nearest package.json named PACKAGE_NAME at or above `dir`; null when there is none. */
export function versionFromPackageJson(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const version = readOwnVersion(path.join(d, 'package.json'));
    if (version) return version;
    if (path.dirname(d) === d) return null;
  }
}

function readOwnVersion(file: string): string | null {
  try {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    return pkg.name === PACKAGE_NAME && typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null; // absent or unreadable: keep walking up
  }
}
