/**
 * The shell's bundles, built in memory with the same esbuild options as `npm run build:desktop`: the preload
 * must be CommonJS and require nothing but `electron` (a sandboxed preload has no Node modules), and main must
 * be an ES module that leaves npm packages to node_modules.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs build script without type declarations
import { buildDesktop } from '../../build/build-desktop.mjs';

interface Out { outputFiles: { path: string; text: string }[] }

describe('desktop bundles', () => {
  it('preload is sandbox-safe CommonJS; main is ESM', async () => {
    const { main, preload } = (await buildDesktop({ write: false })) as { main: Out; preload: Out };
    const preloadJs = preload.outputFiles.find((f) => f.path.endsWith('preload.cjs'))!.text;
    expect([...preloadJs.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preloadJs).toContain('exposeInMainWorld("edgerunner"');
    expect(preloadJs).not.toMatch(/\bimport\s*\{|\bexport\s*\{/);
    // The method → channel table comes from ipcChannels.ts, never from ipc.ts and its zod schemas.
    expect(preloadJs).not.toMatch(/zod|safeParse/i);
    expect(preloadJs.length).toBeLessThan(20_000);
    const mainJs = main.outputFiles.find((f) => f.path.endsWith('main.js'))!.text;
    expect(mainJs).toMatch(/^import .* from "electron";$/m);
    // The core's productVersion() gets the version at build time (no package.json path is right in the asar).
    const { version } = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(mainJs).not.toContain('__EDGERUNNER_VERSION__');
    const fn = mainJs.slice(mainJs.indexOf('function productVersion('));
    expect(fn.slice(0, fn.indexOf('\n}'))).toContain(`return ${JSON.stringify(version)};`);
  });
});
