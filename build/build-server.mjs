// Compiles the headless entry points (npm run build): src/cli/serve.ts and src/cli/demo.ts → dist/cli/serve.js and
// dist/cli/demo.js (ES modules, one shared chunk), so `npm start`, `npm run serve` and `npm run demo` run plain
// JavaScript with no TypeScript tooling at run time. npm packages stay external: they are the `dependencies` of
// package.json, so `npm ci --omit=dev` is enough to run the result (test/cli/build.test.ts checks both).
//
// One file instead of ~150 modules, and @stoqey/ib's IBApi without its IBApiNext / rxjs half (see ibLean below):
// together about half of the start-up time and 6 MB of the memory of running the same code module by module.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const outdir = path.join(root, 'dist', 'cli');
/** What a build read, and when it started: build/run-cli.mjs rebuilds when any of them changed since. */
export const BUILD_INFO = path.join(outdir, 'build-info.json');
export const ENTRIES = ['serve', 'demo'];
/** Started by demo.js as a worker thread (src/cli/demoSimulator.ts), so it must be a file of its own. */
const WORKERS = ['demoSimulatorWorker'];

const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/**
 * `@stoqey/ib`'s index re-exports IBApiNext, which loads rxjs and ~200 more modules at start; the proxy uses only
 * IBApi and four enums. The bundle takes them from their own modules. A new name used by src/ but missing here
 * fails the build ("No matching export"), never the running proxy.
 */
const IB_LEAN = `
import api from '@stoqey/ib/dist/api/api.js';
import eventName from '@stoqey/ib/dist/api/data/enum/event-name.js';
import orderAction from '@stoqey/ib/dist/api/order/enum/order-action.js';
import secType from '@stoqey/ib/dist/api/data/enum/sec-type.js';
import marketDataType from '@stoqey/ib/dist/api-next/market/market-data-type.js';
export const { IBApi } = api;
export const { EventName } = eventName;
export const { OrderAction } = orderAction;
export const { SecType } = secType;
export const { MarketDataType } = marketDataType;
`;

const ibLean = {
  name: 'stoqey-ib-lean',
  setup(b) {
    b.onResolve({ filter: /^@stoqey\/ib$/ }, () => ({ path: 'stoqey-ib-lean', namespace: 'stoqey-ib-lean' }));
    b.onLoad({ filter: /.*/, namespace: 'stoqey-ib-lean' }, () => ({ contents: IB_LEAN, loader: 'js', resolveDir: root }));
  },
};

export const serverOptions = {
  entryPoints: Object.fromEntries([...ENTRIES, ...WORKERS].map((e) => [e, path.join(root, 'src', 'cli', `${e}.ts`)])),
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'shared-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // The core's productVersion() (src/core/app/version.ts), as in the desktop bundle.
  define: { __EDGERUNNER_VERSION__: JSON.stringify(version) },
  plugins: [ibLean],
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
};

/** Each file replaced in one rename, so a proxy starting at the same moment never reads half a file. */
function writeAtomically(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/**
 * Builds into `dir` (default dist/cli; `write: false`: in memory only) and records what the build read in
 * build-info.json. `clean` empties the folder first (npm run build); the on-demand build of build/run-cli.mjs does
 * not, because another proxy may be starting from it.
 */
export async function buildServer({ write = true, clean = false, dir = outdir } = {}) {
  // Imported here, not at the top: build/run-cli.mjs imports this file to check freshness, also where
  // `npm ci --omit=dev` left no esbuild.
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const result = await build({ ...serverOptions, outdir: dir, write: false });
  if (!write) return result;
  if (clean) fs.rmSync(dir, { recursive: true, force: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes(':'))
    .map((p) => path.resolve(root, p));
  // Not in the metafile but part of the result: the version (package.json) and this script.
  inputs.push(path.join(root, 'package.json'), fileURLToPath(import.meta.url));
  const info = { version, startedAt, inputs: inputs.map((p) => path.relative(root, p)) };
  writeAtomically(path.join(dir, path.basename(BUILD_INFO)), `${JSON.stringify(info, null, 1)}\n`);
  return result;
}

/** null when dist/cli/<entry>.js is as new as everything its last build read; else why it is not. */
export function staleReason(entry) {
  if (!fs.existsSync(path.join(outdir, `${entry}.js`))) return 'not built yet';
  let info;
  try {
    info = JSON.parse(fs.readFileSync(BUILD_INFO, 'utf8'));
  } catch {
    return 'not built yet';
  }
  for (const rel of info.inputs) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, rel)).mtimeMs;
    } catch {
      return `${rel} is gone`;
    }
    if (mtime > info.startedAt) return `${rel} changed`;
  }
  return null;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer({ clean: true });
  console.log(`Built ${ENTRIES.map((e) => `dist/cli/${e}.js`).join(' and ')}`);
  // The web console the proxy serves on `/`, where Vite is installed (else `/` says how to get it).
  const { ensureRenderer } = await import('./build-renderer.mjs');
  const note = await ensureRenderer();
  if (note) console.log(note);
}
