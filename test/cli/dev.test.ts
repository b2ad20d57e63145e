/**
 * `npm run dev`: the proxy from src/ (tsx), restarted when a source file changes, on the same port. The change is
 * a touch of src/cli/serve.ts (its modification time, not its content). The repository's own .env, data/ and
 * logs/ stay untouched: DOTENV_PATH, DATA_DIR and LOG_FILE point elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from '../support/apiClient.js';
import { cleanup, freePort, scratchDir, signalGroup, spawnCommand, waitFor } from './spawnProxy.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BANNER_END = 'Press Ctrl+C to stop.';


const banners = (text: string) => text.split(BANNER_END).length - 1;

describe('npm run dev', () => {
  it('restarts the proxy when a source file changes, on the same port', async () => {
    const scratch = scratchDir();
    const port = await freePort();
    const p = spawnCommand('npm', ['run', 'dev', '--silent'], {
      dir: ROOT,
      group: true,
      env: {
        PORT: String(port),
        DOTENV_PATH: path.join(scratch, '.env'),
        DATA_DIR: path.join(scratch, 'data'),
        LOG_FILE: '',
        IBKR_AUTO_CONNECT: 'false',
        AUTH_PASSWORD: 'dev-test-password',
      },
    });
    try {
      await waitFor('the first banner', () => banners(p.stdout()) === 1, p);
      const source = path.join(ROOT, 'src/cli/serve.ts');
      const now = new Date();
      fs.utimesSync(source, now, now);
      await waitFor('the banner after the restart', () => banners(p.stdout()) === 2, p);
      // The first process stopped gracefully before the second one took the port.
      const out = p.stdout();
      expect(out.indexOf('Stopped.')).toBeGreaterThan(out.indexOf(BANNER_END));
      expect(out.indexOf('Stopped.')).toBeLessThan(out.lastIndexOf(BANNER_END));
      expect((await request({ url: `http://127.0.0.1:${port}` }, { path: '/health' })).status).toBe(200);
    } finally {
      await signalGroup(p, 'SIGTERM').catch(() => undefined);
      cleanup(p, { keepDir: true });
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
