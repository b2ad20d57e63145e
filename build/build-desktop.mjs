// Bundles the Electron shell with esbuild (npm run build:desktop):
//   dist/main/main.js        ESM, Node 22 (Electron 38); npm packages stay external and ship in node_modules
//   dist/preload/preload.cjs CommonJS (sandboxed preloads cannot be ES modules), everything bundled but `electron`
// The renderer is built separately by Vite into dist-renderer/.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

export const mainOptions = {
  entryPoints: [path.join(root, 'src/main/main.ts')],
  outfile: path.join(root, 'dist/main/main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  // The core's productVersion() (src/core/app/version.ts): no package.json path is right inside the bundle / asar.
  define: { __EDGERUNNER_VERSION__: JSON.stringify(version) },
  sourcemap: true,
  logLevel: 'warning',
};

export const preloadOptions = {
  entryPoints: [path.join(root, 'src/preload/preload.ts')],
  outfile: path.join(root, 'dist/preload/preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome140',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
};

export async function buildDesktop({ write = true } = {}) {
  const [main, preload] = await Promise.all([build({ ...mainOptions, write }), build({ ...preloadOptions, write })]);
  return { main, preload };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildDesktop();
  console.log('Built dist/main/main.js and dist/preload/preload.cjs');
}
