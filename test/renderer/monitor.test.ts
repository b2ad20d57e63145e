/**
 * The monitor window in Debian's Chromium, built by Vite, on the real core in demo mode against the TWS simulator:
 * connect, lose TWS and get it back, see an order placed over the local API, pull the kill switch.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumUnavailableReason, SCREENSHOT_DIR } from './browser.js';
import { SIM_ACCOUNT } from './harness.js';
import { CONTENT_SECURITY_POLICY } from '../../src/main/window/windowSecurity.js';
import { openWindowSession, waitForText, type WindowSession } from './windowSession.js';

const skipReason = chromiumUnavailableReason();
if (skipReason) console.warn(`[renderer tests] ${skipReason}`);

const state = (page: Page) => page.getByTestId('connection-state');

const orderIdOf = (body: unknown) => (body as { order: { orderId: number } }).order.orderId;

describe.skipIf(skipReason !== null)('monitor window (built renderer, real core, simulator)', () => {
  let s: WindowSession;
  let jwt: string;

  beforeAll(async () => {
    s = await openWindowSession();
  }, 90_000);
  afterAll(async () => {
    await s?.close();
  });

  it('shows the demo banner and the connection facts from the real gateway', async () => {
    const { page, harness } = s;
    await waitForText(state(page), 'Connected', 15_000);
    await waitForText(page.getByTestId('mode-banner'), 'DEMO');
    const g = harness.controller.status().gateway;
    expect(await page.getByTestId('tws-address').textContent()).toContain(`${g.host}:${g.port}`);
    expect(await page.getByTestId('server-version').textContent()).toBe(String(g.serverVersion));
    expect(await page.getByTestId('accounts').textContent()).toContain(SIM_ACCOUNT);
  });

  it('keeps "last heartbeat" current from main\'s pushes alone (the window does not poll)', async () => {
    const { page } = s;
    // The clock part ("12:34:56"); the "(3s ago)" part moves with the window's own clock anyway.
    const clock = async () => ((await page.getByTestId('last-heartbeat').textContent()) ?? '').replace(/\s*\(.*\)$/, '');
    await expect.poll(clock, { timeout: 10_000, interval: 200 }).toMatch(/\d/);
    const first = await clock();
    // The harness's heartbeat is 2 s: a couple of them must reach the page.
    await expect.poll(clock, { timeout: 10_000, interval: 200 }).not.toBe(first);
    const second = await clock();
    await expect.poll(clock, { timeout: 10_000, interval: 200 }).not.toBe(second);
  }, 30_000);

  it('disconnects and connects from the window, and the state follows', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await waitForText(state(page), 'Disconnected');
    expect(s.harness.controller.status().gateway.status).toBe('disconnected');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(state(page), /^Connected/, 15_000);
    expect(s.harness.controller.status().gateway.status).toBe('connected');
  }, 40_000);

  it('shows reconnecting while TWS restarts, then connected again', async () => {
    const { page, harness } = s;
    const restart = harness.sim.faults.restart(2_500);
    await waitForText(state(page), /Reconnecting|Connecting/);
    // The retry schedule is visible while TWS is down.
    expect(await page.getByTestId('reconnect-attempts').textContent()).toMatch(/\d/);
    await restart;
    await waitForText(state(page), /^Connected/, 20_000);
  }, 40_000);

  it("the demo's fault buttons reach the simulator over IPC: IBKR's servers lost (1100), then back (1101)", async () => {
    const { page } = s;
    await waitForText(state(page), /^Connected/, 15_000);
    await page.getByRole('button', { name: 'Lose IBKR servers (1100)' }).click();
    await waitForText(page.getByTestId('fault-result'), 'Simulator: Lose IBKR servers (1100)');
    await waitForText(page.getByTestId('session-link'), 'IBKR link lost (1100)');
    await page.getByRole('button', { name: 'IBKR servers back (1101)' }).click();
    await waitForText(page.getByTestId('fault-result'), 'Simulator: IBKR servers back (1101)');
    await waitForText(page.getByTestId('data-quality'), 'Good: live data', 15_000);
    expect(s.harness.controller.status().gateway.status).toBe('connected');
  }, 40_000);

  it('shows a frontend with its subscriptions and ticks flowing in the traffic chart', async () => {
    const { page, harness } = s;
    jwt = await harness.login();
    await harness.frontend(jwt, ['AAPL', 'MSFT', 'SPY']);
    const clients = page.getByTestId('clients-table');
    await waitForText(clients, 'AAPL');
    await waitForText(page.getByTestId('line-usage'), /^3 of \d+ in use/);
    // At least one pushed sample with ticks > 0 (one sample per second).
    await waitForText(page.getByTestId('rate-ticksPushedPerSec'), /^[1-9]/);
  }, 30_000);

  it('lists an order placed over the local API in the orders table', async () => {
    const { page, harness } = s;
    const quote = harness.sim.market.quote('AAPL');
    const bid = quote?.bid ?? quote?.last ?? 100;
    // Far below the market: it rests as a working order (the kill switch test cancels it).
    const resting = await harness.placeOrder(jwt, { symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'LMT', price: Math.round(bid * 0.8 * 100) / 100 });
    expect(resting.status).toBeLessThan(300);
    const row = page.locator(`[data-testid="orders-table"] tr[data-order-id="${orderIdOf(resting.body)}"]`);
    await waitForText(row, /AAPL.*BUY.*(Submitted|PreSubmitted)/);
    // And a market order that fills, so the table shows both kinds.
    const filled = await harness.placeOrder(jwt, { symbol: 'MSFT', action: 'BUY', quantity: 5, orderType: 'MKT' });
    expect(filled.status).toBeLessThan(300);
    const fillRow = page.locator(`[data-testid="orders-table"] tr[data-order-id="${orderIdOf(filled.body)}"]`);
    await waitForText(fillRow, /MSFT.*Filled/);
  }, 30_000);

  it('screenshot: connected, demo data flowing', async () => {
    const { page } = s;
    // Enough seconds of chart (one sample per second) that the steady flow after the restart reads as lines.
    await expect.poll(() => page.locator('polyline.series-ticks').getAttribute('points'), { timeout: 25_000, interval: 500 }).toMatch(/(\S+ ){16,}/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'monitor.png'), fullPage: true });
  }, 40_000);

  it('kill switch: asks first, then blocks trading with a banner and cancels the working order', async () => {
    const { page, harness } = s;
    await page.getByRole('button', { name: 'Cancel all orders and block trading' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel all orders and block trading?' });
    await dialog.waitFor();
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    expect(harness.controller.status().gateway.tradingBlocked).toBe(false);

    await page.getByRole('button', { name: 'Cancel all orders and block trading' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel all and block' }).click();
    const banner = page.getByTestId('trading-blocked-banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain('TRADING BLOCKED');
    expect(harness.controller.status().gateway.tradingBlocked).toBe(true);
    await waitForText(page.getByTestId('orders-table'), 'Cancelled');

    // New orders are refused while blocked.
    const refused = await harness.placeOrder(jwt, { symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT' });
    expect(refused.status).toBeGreaterThanOrEqual(400);

    await banner.getByRole('button', { name: 'Re-enable trading' }).click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect(harness.controller.status().gateway.tradingBlocked).toBe(false);
  }, 40_000);

  it('explains IB codes in words and filters the log tail by level', async () => {
    const { page } = s;
    // The restart above made TWS report farm / connectivity codes; each has a sentence next to it.
    await waitForText(page.getByTestId('ib-errors'), /farm|TWS|connect/i);
    const log = page.getByTestId('log-lines');
    await expect.poll(() => log.locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByLabel('Show').selectOption('error');
    await expect.poll(async () => (await log.locator('li .level').allTextContents()).every((l) => l === 'ERROR')).toBe(true);
    await page.getByLabel('Show').selectOption('warn');
    await waitForText(log, 'Kill switch');
  });

  it('ran without console errors or CSP violations, under the real CSP', async () => {
    expect(s.problems).toEqual([]);
    expect(s.csp).toBe(CONTENT_SECURITY_POLICY);
    // Positive control: that policy is enforced here, and what it forbids (inline <style>, data: images) is
    // reported. So the clean run above means something.
    await s.page.evaluate(`(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 0 }';
      document.head.append(style);
      const img = new Image();
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.body.append(img);
    })()`);
    // A set: the header and the page's <meta> policy each report the same violation.
    const refused = () => [...new Set(s.problems.filter((p) => p.startsWith('CSP violation: ')).map((p) => p.split(' ')[2]))].sort();
    await expect.poll(refused, { timeout: 5_000 }).toEqual([
      'img-src',
      'style-src-elem',
    ]);
  });
});
