// The web console (and the desktop window): the Vite build of renderer/ into dist-renderer/, the files the proxy
// serves on `/`. build/run-cli.mjs calls ensureRenderer() before `npm run serve` / `npm run demo`, so a fresh
// `npm ci` then `npm run demo` has a console; `npm run build` builds it with the server.
//
// Vite is a dev dependency: where it is not installed (`npm ci --omit=dev`) nothing is built, and the proxy's `/`
// says how to get the console (src/core/api/http/console.ts). The API works either way.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rendererRoot = path.join(root, 'renderer');
export const rendererOut = path.join(root, 'dist-renderer');
/** What the bundle is made of: the renderer, and the shapes and client library it imports. */
const SOURCES = [rendererRoot, path.join(root, 'src', 'common'), path.join(root, 'packages', 'client', 'src')];

function newestMtime(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** null when dist-renderer is as new as its sources (or there are no sources to build from); else why not. */
export function rendererStaleReason() {
  if (!fs.existsSync(path.join(rendererRoot, 'index.html'))) return null;
  let built;
  try {
    built = fs.statSync(path.join(rendererOut, 'index.html')).mtimeMs;
  } catch {
    return 'not built yet';
  }
  return SOURCES.some((dir) => newestMtime(dir) > built) ? 'renderer/ changed' : null;
}

/**
 * Vite's programmatic build with renderer/vite.config.ts, reporting only warnings and errors; `outDir` for a build
 * elsewhere (the window tests). Always the production build: Vite and the React plugin take NODE_ENV from the
 * environment when it is set, and a caller's `test` (vitest) or `development` (a shell) made them bundle React's
 * development build (665 kB instead of 424 kB), so the window tests tested a bundle that never ships. NODE_ENV is
 * production for the build only, then given back.
 */
export async function buildRenderer({ outDir } = {}) {
  // Imported here: where `npm ci --omit=dev` left no Vite, importing this file must still work.
  const { build } = await import('vite');
  const callers = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: rendererRoot,
      configFile: path.join(rendererRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      clearScreen: false,
      ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
    });
  } finally {
    if (callers === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callers;
  }
}

/**
 * Builds the console when it is missing or older than its sources and Vite is installed. Returns a sentence
 * for the terminal, or null when there was nothing to say.
 */
export async function ensureRenderer() {
  const stale = rendererStaleReason();
  if (!stale) return null;
  const started = Date.now();
  try {
    await buildRenderer();
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') {
      // A broken renderer must not keep the proxy from starting: it runs, with the console it has (or none).
      return `The web console could not be built (${error?.message ?? error}): the proxy runs with ${stale === 'not built yet' ? 'none' : 'the previous build'}.`;
    }
    return stale === 'not built yet'
      ? 'The web console is not built and Vite (a dev dependency) is not installed: the proxy runs, and its page at / says how to get the console.'
      : `dist-renderer is older than its sources (${stale}) and Vite is not installed to rebuild it: serving the existing console.`;
  }
  return `Built the web console into dist-renderer (${stale}) in ${Date.now() - started} ms.`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildRenderer();
  console.log('Built dist-renderer');
}
