// `npm run serve` and `npm run demo`: run the compiled entry point dist/cli/<serve|demo>.js in this process, the
// same JavaScript as `npm start`. When src/ changed since the last build, or there is none yet (a fresh
// `npm ci`), it is built first (esbuild, well under a second). No TypeScript tooling at run time, no extra process.
// The web console (dist-renderer, served on `/`) is built the same way when missing or older than renderer/, with
// Vite where it is installed (build-renderer.mjs; a few seconds, once).
//   node build/run-cli.mjs serve [-- options of the entry point]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRIES, buildServer, outdir, staleReason } from './build-server.mjs';
import { ensureRenderer } from './build-renderer.mjs';

const entry = process.argv[2];
if (!ENTRIES.includes(entry)) {
  process.stderr.write(`Usage: node build/run-cli.mjs ${ENTRIES.join('|')} [options]\n`);
  process.exit(2);
}
// The entry point reads its own options from process.argv.slice(2).
process.argv.splice(2, 1);

const stale = staleReason(entry);
if (stale) {
  let esbuildMissing = false;
  try {
    const started = Date.now();
    await buildServer();
    // esbuild keeps a service process for further builds; this process has none to do.
    (await import('esbuild')).stop();
    process.stdout.write(`Compiled dist/cli (${stale}) in ${Date.now() - started} ms.\n`);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    esbuildMissing = true;
  }
  if (esbuildMissing) {
    // `npm ci --omit=dev` (no esbuild): run what was built, or say what to do in one sentence.
    if (stale === 'not built yet') {
      process.stderr.write(`dist/cli/${entry}.js is not built and esbuild (a dev dependency) is not installed: run npm run build where dev dependencies are installed.\n`);
      process.exit(1);
    }
    process.stderr.write(`dist/cli is older than src/ (${stale}) and esbuild is not installed to rebuild it: running the existing build.\n`);
  }
}

const consoleNote = await ensureRenderer();
if (consoleNote) process.stdout.write(`${consoleNote}\n`);

await import(pathToFileURL(path.join(outdir, `${entry}.js`)).href);
