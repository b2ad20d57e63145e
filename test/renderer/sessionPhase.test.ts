/**
 * The TWS session's phase in the monitor window (built renderer, real core, simulator on a clock the test moves):
 * TWS's daily restart is shown as a restart with the time it is back, then connected again; a competing live
 * session is an alert with what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/simulator/index.js';
import { chromiumUnavailableReason } from './browser.js';
import { openWindowSession, waitForText, type WindowSession } from './windowSession.js';

const skipReason = chromiumUnavailableReason();
if (skipReason) console.warn(`[renderer tests] ${skipReason}`);

describe.skipIf(skipReason !== null)('monitor window: the TWS session phase', () => {
  let s: WindowSession;
  // A Wednesday at 23:44 New York time, still until the test moves it; TWS restarts at 23:45 for 3 minutes.
  const clock = new SimulatedClock({ start: '2026-03-11T23:44:00-04:00', speed: 0 });

  beforeAll(async () => {
    s = await openWindowSession({
      clock,
      autoRestart: { at: '23:45', downtimeMs: 3 * 60_000 },
      session: { dailyRestart: '23:45', timeZone: 'America/New_York', restartMinutes: 5 },
    });
  }, 90_000);
  afterAll(async () => {
    await s?.close();
  });

  it('shows the daily restart with the time TWS is back, then connected again', async () => {
    const { page } = s;
    const phase = page.getByTestId('session-phase');
    await expect.poll(() => phase.getAttribute('data-phase'), { timeout: 15_000 }).toBe('connected');
    expect(await page.getByTestId('session-next-restart').textContent()).toMatch(/next TWS restart \d\d:\d\d/);

    clock.advance(60_000); // 23:45
    await expect.poll(() => phase.getAttribute('data-phase'), { timeout: 15_000 }).toBe('tws-restarting');
    await waitForText(page.getByTestId('session-phase-title'), 'TWS restarting (daily restart)');
    expect(await page.getByTestId('session-phase-message').textContent()).toBe(
      'TWS is restarting (its daily restart at 23:45 America/New_York); expected back by 23:50 America/New_York.',
    );
    expect(await page.getByTestId('session-expected-back').textContent()).toMatch(/back by \d\d:\d\d/);
    expect(await page.getByTestId('session-phase-action').textContent()).toContain('Nothing to do');

    clock.advance(3 * 60_000);
    await expect.poll(() => phase.getAttribute('data-phase'), { timeout: 20_000 }).toBe('connected');
  }, 60_000);

  it('a competing live session is an alert that says what to do', async () => {
    const { page, harness } = s;
    const jwt = await harness.login();
    await harness.frontend(jwt, ['AAPL']); // a market data line, which the competing session pauses
    harness.sim.faults.competingSession(true);
    const phase = page.getByTestId('session-phase');
    await expect.poll(() => phase.getAttribute('data-phase'), { timeout: 15_000 }).toBe('competing-session');
    expect(await phase.getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('session-phase-action').textContent()).toContain('Log out of the other session');
    harness.sim.faults.competingSession(false);
    harness.sim.market.setPrice('AAPL', 199.99); // data flows again on the same line
    await expect.poll(() => phase.getAttribute('data-phase'), { timeout: 15_000 }).toBe('connected');
  }, 60_000);
});
