/**
 * The real-browser side of the renderer tests: build the renderer with Vite, serve the built files from a tiny
 * static server on 127.0.0.1 (module scripts do not load from file://), and launch Debian's Chromium through
 * playwright-core. No browser is ever downloaded: when /usr/bin/chromium (or CHROMIUM_PATH) is missing the
 * suites skip and print why.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { resolveRendererFile } from '../../src/main/window/rendererFiles.js';
import { rendererResponseHeaders } from '../../src/main/window/windowSecurity.js';
// @ts-expect-error: plain .mjs build script without type declarations
import { buildRenderer as buildShippedRenderer } from '../../build/build-renderer.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = path.join(REPO_ROOT, 'renderer');
/**
 * Where the tests write their screenshots. The README shows the copies in docs/screenshots; a normal test run
 * writes to a temp folder so that `npm test` never dirties the work tree, and `UPDATE_SCREENSHOTS=1 npm test`
 * refreshes the committed pictures.
 */
export const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS
  ? path.join(REPO_ROOT, 'docs', 'screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-screenshots-'));

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** null when Chromium can run here; otherwise the reason the browser tests are skipped. */
export function chromiumUnavailableReason(): string | null {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return null;
  } catch {
    return `Chromium not found at ${CHROMIUM_PATH} (install it with "apt-get install -y chromium" or set CHROMIUM_PATH); renderer browser tests skipped.`;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** `vite build` of renderer/ into a fresh temp folder (never touches dist-renderer/ of a running app). */
export async function buildRenderer(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-renderer-'));
  // The shipped build (build-renderer.mjs makes it the production one even under vitest's NODE_ENV=test).
  await buildShippedRenderer({ outDir });
  return outDir;
}

/**
 * Serves `dir` read-only the way the desktop's app:// protocol does (src/main/window/rendererProtocol.ts): the
 * same path rules and content types (resolveRendererFile) and the same response headers, the real CSP among
 * them (rendererResponseHeaders), so a CSP violation in the built renderer shows up in the tests.
 */
export async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    const target = req.method === 'GET' ? resolveRendererFile(`app://renderer${pathname}`, dir) : null;
    if (!target || !fs.existsSync(target.file) || !fs.statSync(target.file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, rendererResponseHeaders(target.contentType));
    fs.createReadStream(target.file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
