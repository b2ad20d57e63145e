/**
 * vitest global setup: says once, at the top of every run, which optional parts of this machine the suite can
 * use, so a skipped suite is never mistaken for a passed one. The suites themselves decide to skip; this only
 * makes their reasons visible whatever reporter is in use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasOpenssl } from '../support/tlsCert.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default function printCapabilities(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const electronBinary = fs.existsSync(path.join(root, 'node_modules/electron/dist'));
  const renderer = fs.existsSync(path.join(root, 'dist-renderer/index.html'));
  const openssl = hasOpenssl();
  const lines = [
    `HTTPS / WSS end-to-end tests: ${openssl ? 'run (certificates made with openssl)' : 'SKIPPED (no openssl command to make a test certificate; apt-get install -y openssl)'}`,
    `window tests in a real browser: ${fs.existsSync(chromium) ? `run (Chromium at ${chromium})` : `SKIPPED (no Chromium at ${chromium}; apt-get install -y chromium)`}`,
    `Electron end-to-end tests: ${electronBinary ? (renderer ? 'run' : 'SKIPPED (renderer not built: npm run build:renderer)') : 'SKIPPED (no Electron binary in node_modules/electron/dist; npm run desktop:fetch-electron needs internet access)'}`,
  ];
  console.log(`\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}
