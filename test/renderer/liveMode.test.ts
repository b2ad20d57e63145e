/**
 * Live trading must be unmistakable: in the desktop app (not demo), switching to the live profile asks first,
 * and then the window wears a red LIVE TRADING banner. Both profiles point at the simulator here, so no real
 * account is involved; the window only sees what the controller reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailableReason } from './browser.js';
import { openWindowSession, waitForText, type WindowSession } from './windowSession.js';

const skipReason = chromiumUnavailableReason();
if (skipReason) console.warn(`[renderer tests] ${skipReason}`);

describe.skipIf(skipReason !== null)('live / paper switch (desktop mode, real core, simulator)', () => {
  let s: WindowSession;

  beforeAll(async () => {
    s = await openWindowSession({ appMode: 'desktop' });
  }, 90_000);
  afterAll(async () => {
    await s?.close();
  });

  it('asks before going live, then shows a red LIVE TRADING banner; paper again removes it', async () => {
    const { page, harness } = s;
    await waitForText(page.getByTestId('connection-state'), /^Connected/, 15_000);
    await waitForText(page.getByTestId('mode-banner'), 'PAPER TRADING');

    await page.getByRole('radio', { name: 'Live' }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch to LIVE trading?' });
    await waitForText(dialog, 'real money');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    expect(harness.settings.get().ibkr.mode).toBe('paper');

    await page.getByRole('radio', { name: 'Live' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Switch to live' }).click();
    const banner = page.getByTestId('mode-banner');
    await waitForText(banner, 'LIVE TRADING');
    expect(await banner.getAttribute('role')).toBe('alert');
    // Red, whatever the theme: the banner's background is the live colour.
    expect(await banner.evaluate((el: { className: string }) => el.className)).toContain('banner-live');
    expect(harness.settings.get().ibkr.mode).toBe('live');
    await waitForText(page.getByTestId('connection-state'), /^Connected/, 15_000);

    await page.getByRole('radio', { name: 'Paper' }).click();
    await waitForText(banner, 'PAPER TRADING');
    expect(harness.settings.get().ibkr.mode).toBe('paper');
    expect(s.problems).toEqual([]);
  }, 60_000);
});
