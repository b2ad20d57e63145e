/**
 * The web console served by the desktop app's core (the desktop controller as its host, settings it keeps):
 * where the mode allows saving, a setting changed in the browser is checked by the core, saved, applied and read
 * back after a reload; rotating the access token shows the new one once and the console stays logged in on it;
 * the desktop-only actions are not offered in a browser. Same renderer as the window, on the browser transport.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailableReason, launchChromium } from '../renderer/browser.js';
import { DesktopHarness } from '../renderer/harness.js';
import { ensureConsoleBuilt, logIn, openConsolePage, waitForText, type ConsolePage } from './consolePage.js';

const skipReason = chromiumUnavailableReason();
const field = (p: string) => `[data-path="${p}"]`;

describe.skipIf(skipReason !== null)('the web console of the desktop app (real core, simulator)', () => {
  let harness: DesktopHarness;
  let browser: Browser;
  let ui: ConsolePage;

  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt();
    harness = await DesktopHarness.start({ appMode: 'desktop', consoleDir: path.resolve(consoleDir) });
    browser = await launchChromium();
    ui = await openConsolePage(browser, `${harness.baseUrl}/`);
    const { token } = harness.controller.accessToken();
    await logIn(ui.page, token!);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await harness?.close();
  });

  it('saves a valid setting, applies it, and reads it back after a reload', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.getByTestId('settings-read-only').count()).toBe(0);
    await page.locator(field('marketData.lineBudget')).fill('70');
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await expect.poll(() => save.isEnabled(), { timeout: 10_000 }).toBe(true);
    await save.click();
    await waitForText(page, 'save-result', 'Saved and applied.');
    expect(harness.settings.get().marketData.lineBudget).toBe(70);

    await page.reload();
    await page.locator(field('marketData.lineBudget')).waitFor();
    expect(await page.locator(field('marketData.lineBudget')).inputValue()).toBe('70');
  });

  it('offers no desktop-only action: no logs folder, and the stored token is not sent to a page', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Monitor' }).click();
    await page.getByTestId('log-lines').waitFor();
    expect(await page.getByRole('button', { name: 'Open logs folder' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await waitForText(page, 'access-token', 'never shows the stored access token');
    // The simulator's faults are npm run demo's: not offered here.
    await page.getByRole('tab', { name: 'Monitor' }).click();
    expect(await page.getByRole('button', { name: 'Restart TWS' }).count()).toBe(0);
  });

  it('rotating the access token shows the new one once, and the console stays logged in on it', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Rotate access token…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate and sign everyone out' }).click();
    const shown = page.locator('#access-token-value');
    await shown.waitFor();
    const fresh = await shown.inputValue();
    expect(fresh).toBe(harness.controller.accessToken().token);
    // Signed out with everyone, then back on a session of the new token.
    await page.getByTestId('console-link').and(page.locator('[data-state="open"]')).waitFor({ timeout: 20_000 });
    await page.getByRole('tab', { name: 'Monitor' }).click();
    await waitForText(page, 'connection-state', 'Connected');
  });

  it('ran without console errors or CSP violations', () => {
    expect(ui.problems).toEqual([]);
  });
});
