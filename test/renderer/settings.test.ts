/**
 * The settings view in Debian's Chromium, built by Vite, on the real core: every key of the core schema has a
 * labelled control, the core's sentences appear inline and block saving, a valid change is stored and reads
 * back, a server-restarting change asks first, and the access token can be shown, copied and rotated.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_FIELDS } from '../../src/core/config/index.js';
import { checkSettings as validateSettings } from '../../src/core/config/index.js';
import { CONTENT_SECURITY_POLICY } from '../../src/main/window/windowSecurity.js';
import { chromiumUnavailableReason, SCREENSHOT_DIR } from './browser.js';
import { openWindowSession, waitForText, type WindowSession } from './windowSession.js';

const skipReason = chromiumUnavailableReason();
if (skipReason) console.warn(`[renderer tests] ${skipReason}`);

/** Leaf paths of the core's settings (arrays are edited as a whole), plus the optional keys SETTINGS_FIELDS lists. */
function corePaths(): string[] {
  const walk = (v: unknown, prefix: string): string[] =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => walk(x, prefix ? `${prefix}.${k}` : k)) : [prefix];
  return [...new Set([...walk(DEFAULT_SETTINGS, ''), ...SETTINGS_FIELDS.map((f) => f.path)])];
}

const field = (path: string) => `[data-path="${path}"]`;

/** The DOM bits the label check reads (the test tsconfig has no DOM lib). */
interface LabelledElement {
  labels?: ArrayLike<{ textContent: string | null }> | null;
  querySelector(selector: string): { textContent: string | null } | null;
  getAttribute(name: string): string | null;
}

describe.skipIf(skipReason !== null)('settings window (built renderer, real core, simulator)', () => {
  let s: WindowSession;

  beforeAll(async () => {
    s = await openWindowSession();
    await s.page.goto(`${s.url}#/settings`);
    await s.page.getByRole('group', { name: 'TWS profiles' }).waitFor();
  }, 90_000);
  afterAll(async () => {
    await s?.close();
  });

  it('has a labelled control for every key of the core settings schema', async () => {
    const { page } = s;
    const missing: string[] = [];
    for (const p of corePaths()) {
      const control = page.locator(field(p));
      if ((await control.count()) !== 1) {
        missing.push(`${p} (no control)`);
        continue;
      }
      // The accessible name comes from <label for>, a legend, or aria: never an unlabelled box.
      const name = await control.evaluate((el: LabelledElement) => el.labels?.[0]?.textContent ?? el.querySelector('legend')?.textContent ?? el.getAttribute('aria-label'));
      if (!name) missing.push(`${p} (no label)`);
    }
    expect(missing).toEqual([]);
  });

  it('shows the core’s sentence next to an invalid port and saves nothing', async () => {
    const { page, harness } = s;
    const before = harness.settings.get().server.port;
    const port = page.getByLabel('Port', { exact: true });
    await port.fill('70000');
    const error = page.locator('#setting-server-port-error');
    await error.waitFor({ timeout: 10_000 });
    // Word for word what the core says about this value.
    const core = validateSettings({ ...harness.settings.get(), server: { ...harness.settings.get().server, port: 70000 } });
    expect(core.ok).toBe(false);
    expect(await error.textContent()).toBe(core.ok ? '' : core.issues[0]!.message);
    expect(await error.textContent()).toContain('server.port must be an integer from 0 to 65535');
    expect(await port.getAttribute('aria-invalid')).toBe('true');
    expect(await port.getAttribute('aria-describedby')).toContain('setting-server-port-error');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await waitForText(page.getByTestId('settings-state'), '1 problem to fix before saving');
    // Enter does not sneak a save past the disabled button.
    await port.press('Enter');
    expect(harness.settings.get().server.port).toBe(before);

    // Text that is not a number is quoted back as typed.
    await port.fill('30o1');
    await waitForText(error, '(got "30o1")');

    await page.getByRole('button', { name: 'Revert' }).click();
    await error.waitFor({ state: 'detached' });
    expect(await port.inputValue()).toBe(String(before));
  });

  it('saves a valid change, applies it, and reads it back after a reload', async () => {
    const { page, harness } = s;
    await page.locator(field('marketData.lineBudget')).fill('80');
    await page.getByLabel('Log level').selectOption('debug');
    await page.getByLabel('Notify me of fills').uncheck();
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await expect.poll(() => save.isEnabled(), { timeout: 10_000 }).toBe(true);
    await save.click();
    await waitForText(page.getByTestId('save-result'), 'Saved and applied.');
    const stored = harness.settings.get();
    expect(stored.marketData.lineBudget).toBe(80);
    expect(stored.logging.level).toBe('debug');
    expect(stored.notifications.fills).toBe(false);
    expect(harness.logger.level).toBe('debug');

    await page.reload();
    await page.locator(field('marketData.lineBudget')).waitFor();
    expect(await page.locator(field('marketData.lineBudget')).inputValue()).toBe('80');
    expect(await page.getByLabel('Log level').inputValue()).toBe('debug');
    expect(await page.getByLabel('Notify me of fills').isChecked()).toBe(false);
  });

  it('asks before a change that restarts the local API server, then restarts it', async () => {
    const { page, harness } = s;
    await page.getByLabel('Maximum WebSocket clients').fill('50');
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await expect.poll(() => save.isEnabled(), { timeout: 10_000 }).toBe(true);
    await save.click();
    const dialog = page.getByRole('dialog', { name: 'Restart the local API server?' });
    await dialog.waitFor();
    expect(harness.settings.get().server.maxConnections).not.toBe(50);
    await dialog.getByRole('button', { name: 'Save and restart the server' }).click();
    await waitForText(page.getByTestId('save-result'), 'restarted: server', 20_000);
    expect(harness.settings.get().server.maxConnections).toBe(50);
    expect(harness.controller.status().server.listening).toBe(true);
  }, 40_000);

  it('shows, copies and (after a warning) rotates the access token', async () => {
    const { page, harness } = s;
    const token = page.getByLabel('Access token', { exact: true });
    await token.waitFor();
    expect(await token.getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await token.getAttribute('type')).toBe('text');
    const shown = await token.inputValue();
    expect(shown).toBe(harness.controller.accessToken().token);

    await page.getByRole('button', { name: 'Copy' }).click();
    await waitForText(page.getByTestId('access-token'), 'copied to the clipboard');
    expect(harness.clipboard.at(-1)).toBe(shown);

    await page.getByRole('button', { name: 'Rotate access token…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make a new access token?' });
    await waitForText(dialog, 'every connected frontend is signed out');
    await dialog.getByRole('button', { name: 'Rotate and sign everyone out' }).click();
    await waitForText(page.getByTestId('access-token'), 'Every client was signed out');
    const rotated = await token.inputValue();
    expect(rotated).not.toBe(shown);
    expect(rotated).toBe(harness.controller.accessToken().token);
  });

  it('sets a username and password of one’s own, and the login follows', async () => {
    const { page, harness } = s;
    await page.getByLabel('Username', { exact: true }).fill('desk.trader');
    await page.getByLabel('Password (at least 8 characters)').fill('long enough secret');
    await page.getByLabel('Repeat the password').fill('long enough secreT');
    await waitForText(page.locator('#cred-repeat-error'), 'The two passwords differ.');
    await page.getByLabel('Repeat the password').fill('long enough secret');
    await page.getByRole('button', { name: 'Set username and password' }).click();
    await waitForText(page.getByRole('form', { name: 'Use my own username and password' }), 'Login changed to desk.trader');
    await waitForText(page.getByTestId('login-username'), 'desk.trader');
    const r = await fetch(`${harness.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'desk.trader', password: 'long enough secret' }),
    });
    expect(r.status).toBe(200);
  });

  it('is keyboard usable: arrow keys move between the Monitor and Settings tabs', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Settings' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('connection-state').waitFor();
    expect(await page.getByRole('tab', { name: 'Monitor' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('group', { name: 'TWS profiles' }).waitFor();
  });

  it('follows the OS dark theme', async () => {
    const { page } = s;
    const background = () => page.evaluate('getComputedStyle(document.documentElement).backgroundColor') as Promise<string>;
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(light).not.toBe(dark);
    expect(dark).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('screenshot of the settings window', async () => {
    const { page } = s;
    await page.evaluate('window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()');
    await waitForText(page.getByTestId('settings-state'), 'All changes saved');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'settings.png') });
  });

  it('ran without console errors or CSP violations, under the real CSP', () => {
    expect(s.problems).toEqual([]);
    expect(s.csp).toBe(CONTENT_SECURITY_POLICY);
  });
});
