/**
 * End-to-end: the real Electron app, driven by Playwright's `_electron`, in demo mode (built-in TWS simulator):
 * open the monitor, see "connected", disconnect and connect again from the window, change a setting, restart
 * the app, the setting is kept. Also checks at runtime what the unit tests can only check on paper: the window
 * is sandboxed and isolated, has no Node, and cannot open windows.
 *
 * Needs the Electron binary and the built renderer. Where either is missing the suite is SKIPPED and says why
 * (in its name and on stderr); it is never reported as passed without running.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgerunnerDesktopApi } from '../../src/common/ipc.js';
// @ts-expect-error: plain .mjs build script without type declarations
import { buildDesktop } from '../../build/build-desktop.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const electronBinaryPresent =
  fs.existsSync(path.join(root, 'node_modules/electron/dist')) && fs.existsSync(path.join(root, 'node_modules/electron/path.txt'));
const rendererBuilt = fs.existsSync(path.join(root, 'dist-renderer/index.html'));

const skipReason = !electronBinaryPresent
  ? 'no Electron binary (node_modules/electron/dist missing; run npm run desktop:fetch-electron on a machine with internet)'
  : !rendererBuilt
    ? 'renderer not built (dist-renderer/index.html missing; build the renderer first)'
    : null;
if (skipReason) console.warn(`[test/e2e-electron] SKIPPED: ${skipReason}`);

/** The page's global object as the test sees it (tsconfig has no DOM lib). */
type WindowWithApi = { edgerunner: EdgerunnerDesktopApi; open(url: string): unknown };
declare const window: WindowWithApi;

let userData: string;

async function launchApp(): Promise<{ app: ElectronApplication; page: Page }> {
  const executablePath = (await import('electron')).default as unknown as string;
  const args = [root, '--demo', `--user-data-dir=${userData}`, '--show-monitor'];
  // GitHub's Linux runners cannot give chrome-sandbox its SUID bit; the renderer sandbox flag is still checked below.
  if (process.platform === 'linux' && process.env.CI) args.push('--no-sandbox');
  const app = await _electron.launch({ executablePath, args, env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' }, timeout: 60_000 });
  const page = await app.firstWindow({ timeout: 60_000 });
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

describe.skipIf(skipReason !== null)(skipReason ? `desktop app end-to-end (skipped: ${skipReason})` : 'desktop app end-to-end', () => {
  beforeAll(async () => {
    await buildDesktop();
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'er-e2e-'));
    // Port 0: never collide with a proxy already running on 3001 on this machine.
    fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify({ schemaVersion: 1, settings: { server: { port: 0 } } }));
  }, 120_000);
  afterAll(() => {
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('opens the monitor connected in demo mode, connects from the window, keeps a setting across a restart', async () => {
    const first = await launchApp();
    try {
      const { page, app } = first;
      await expect.poll(() => page.url()).toMatch(/^app:\/\/renderer\//);
      // The page sees the typed API and nothing of Node.
      expect(await page.evaluate(() => typeof window.edgerunner.getStatus)).toBe('function');
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
      // OS-level renderer sandbox, where Electron reports it (macOS, Windows).
      if (process.platform !== 'linux') {
        const metrics = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().filter((m) => m.type === 'Tab').map((m) => m.sandboxed));
        expect(metrics.length).toBeGreaterThan(0);
        expect(metrics.every(Boolean)).toBe(true);
      }

      await expect(page.getByText(/connected/i).first()).toBeVisibleSoon();
      expect((await page.evaluate(() => window.edgerunner.getStatus())).gateway.status).toBe('connected');

      // Disconnect, then connect with the window's own button.
      await page.evaluate(() => window.edgerunner.disconnect());
      await page.getByRole('button', { name: /^connect$/i }).first().click();
      await expect
        .poll(async () => (await page.evaluate(() => window.edgerunner.getStatus())).gateway.status, { timeout: 20_000 })
        .toBe('connected');

      // Change a setting through the real IPC path (validated by main with the core schema).
      const saved = await page.evaluate(async () => {
        const api = window.edgerunner;
        const { settings } = await api.getSettings();
        const next = structuredClone(settings) as { notifications: { fills: boolean } };
        next.notifications.fills = false;
        return api.saveSettings(next);
      });
      expect(saved.status).toBe('saved');
    } finally {
      await first.app.close();
    }

    const second = await launchApp();
    try {
      const snapshot = await second.page.evaluate(() => window.edgerunner.getSettings());
      expect((snapshot.settings as { notifications: { fills: boolean } }).notifications.fills).toBe(false);
    } finally {
      await second.app.close();
    }
  }, 180_000);
});

// Playwright's expect is not used here (vitest runs the suite); a small visible-within-time matcher instead.
expect.extend({
  async toBeVisibleSoon(locator: { waitFor(o: { state: 'visible'; timeout: number }): Promise<void> }) {
    try {
      await locator.waitFor({ state: 'visible', timeout: 20_000 });
      return { pass: true, message: () => 'visible' };
    } catch (error) {
      return { pass: false, message: () => `not visible within 20 s: ${(error as Error).message}` };
    }
  },
});

declare module 'vitest' {
  interface Assertion<T> {
    toBeVisibleSoon(): Promise<T>;
  }
}
