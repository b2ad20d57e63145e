/**
 * The issue's proof: the web console in Chromium against a real `npm run demo` (a child process, as a trader
 * starts it; no stand-in bridge). Log in with the printed access token and with the banner's one-time link; see
 * connected, the account and live traffic; an order placed through the client library from this second process
 * appears; the kill switch blocks (a placement is refused) and re-arms; a settings change is checked by the core
 * and the demo's refusal to save says why; the simulator restarted from the console's fault button shows
 * reconnecting, then connected; a page of a foreign origin can neither call the admin API nor frame the console;
 * and when the proxy itself restarts, the console says it is reconnecting and comes back live by itself.
 * Every step waits for a DOM state or an event, never for time. Screenshots go where browser.ts says.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyClient, isApiError } from '../../packages/client/src/index.js';
import { cleanup, spawnProxy, stopAndWait, waitFor, waitForBanner, type ProxyProcess } from '../cli/spawnProxy.js';
import { SCREENSHOT_DIR, chromiumUnavailableReason, launchChromium } from '../renderer/browser.js';
import { ensureConsoleBuilt, logIn, openConsolePage, waitForText, type ConsolePage } from './consolePage.js';

const skipReason = chromiumUnavailableReason();
if (skipReason) console.warn(`[e2e-console] ${skipReason}`);

/** The demo's start (tsx, the simulator, the journal) on a busy 2-core machine. */
const START_TIMEOUT_MS = 90_000;

describe.skipIf(skipReason !== null)('the web console against npm run demo', () => {
  let demo: ProxyProcess;
  let baseUrl = '';
  let token = '';
  let launchLink = '';
  let browser: Browser;
  let client: ProxyClient;
  let ui: ConsolePage;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    demo = spawnProxy('demo', { env: { PORT: '0', LOG_FILE: '' } });
    const banner = await waitForBanner(demo);
    baseUrl = banner.url;
    if (!banner.token) throw new Error(`the demo printed no access token:\n${demo.stdout()}`);
    token = banner.token;
    launchLink = await waitFor('the console link in the banner', () => /(https?:\/\/\S+\/#launch=[A-Za-z0-9_-]+)/.exec(demo.stdout())?.[1], demo);
    browser = await launchChromium();
    // The "second page": a program on the client library, as the Edgerunner frontend would be.
    client = new ProxyClient({ baseUrl, credentials: { username: 'trader', password: token }, WebSocket });
    await client.ws.connect();
    ui = await openConsolePage(browser, `${baseUrl}/`);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    client?.close();
    await ui?.close();
    await browser?.close();
    if (demo) cleanup(demo);
  });

  it('serves the page under its strict CSP: no inline script or style, no framing', async () => {
    const r = await fetch(`${baseUrl}/`);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await r.text();
    // Every script is a file (src=), no inline body; no style element or attribute.
    expect([...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[0]) || m[1]!.trim() !== '')).toEqual([]);
    expect(html).not.toMatch(/<style\b|\sstyle=/);
  });

  it('refuses a wrong token with the server\'s sentence', async () => {
    const { page } = ui;
    await page.getByLabel('Access token or password').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await waitForText(page, 'login-error', 'Invalid username or password');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-login.png') });
  });

  it('logs in with the printed access token: connected, the account and live traffic', async () => {
    const { page } = ui;
    await logIn(page, token);
    await waitForText(page, 'connection-state', 'Connected');
    const account = (await client.rest.getConsoleStatus()).gateway.accounts[0]!;
    await waitForText(page, 'accounts', account);
    await waitForText(page, 'mode', 'DEMO');
    // The greyed-out Live / Paper switch says why in words.
    await waitForText(page, 'mode-switch-refused', 'no live or paper account to switch to');
    // Ticks flow to the client library's subscription: the console's traffic figures move.
    await client.ws.subscribeMarketData({ symbols: ['AAPL', 'MSFT'] });
    await expect.poll(async () => Number(await page.getByTestId('rate-ticksPushedPerSec').textContent()), { timeout: 20_000 }).toBeGreaterThan(0);
    // The console's own link, and the client library's socket, are in the clients table.
    await waitForText(page, 'clients-table', baseUrl);
  });

  it('a reload keeps the session (sessionStorage), without asking again', async () => {
    const { page } = ui;
    await page.reload();
    await page.getByTestId('console-link').and(page.locator('[data-state="open"]')).waitFor();
    expect(await page.getByLabel('Access token or password').count()).toBe(0);
  });

  it('an order placed through the client library appears in the console, live', { timeout: 60_000 }, async () => {
    const { page } = ui;
    const quote = await client.rest.getSnapshot('AAPL');
    const price = Math.round((quote.bid ?? quote.last ?? 100) * 0.5 * 100) / 100;
    const placed = await client.ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 3, orderType: 'LMT', price });
    const row = page.locator(`[data-testid="orders-table"] tr[data-order-id="${placed.orderId}"]`);
    await row.filter({ hasText: 'AAPL' }).waitFor({ timeout: 20_000 });
    // For the picture: enough seconds of chart (one sample a second) that the flow reads as lines.
    await expect.poll(() => page.locator('polyline.series-ticks').getAttribute('points'), { timeout: 30_000, interval: 500 }).toMatch(/(\S+ ){10,}/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-monitor.png'), fullPage: true });
  });

  it('the kill switch blocks (a placement is refused) and re-arms', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Cancel all orders and block trading' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel all and block' }).click();
    const banner = page.getByTestId('trading-blocked-banner');
    await banner.waitFor({ timeout: 20_000 });
    await waitForText(page, 'orders-table', 'Cancelled');

    const refused = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT' }).catch((e: unknown) => e);
    expect(isApiError(refused, 'trading_blocked')).toBe(true);

    await banner.getByRole('button', { name: 'Re-enable trading' }).click();
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    expect((await client.rest.getTradingStatus()).tradingBlocked).toBe(false);
  });

  it('settings: a bad value shows the core\'s sentence; the demo does not save, and says why', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const readOnly = (await client.rest.getConsoleStatus()).abilities.settingsReadOnly;
    expect(readOnly).not.toBeNull();
    await waitForText(page, 'settings-read-only', readOnly!);

    const snapshot = await client.rest.getSettings();
    const core = await client.rest.validateSettings({ ...snapshot.settings, server: { ...(snapshot.settings.server as object), port: 70_000 } });
    if (core.ok) throw new Error('the core accepted port 70000');
    const sentence = core.issues.find((i) => i.path === 'server.port')!.message;
    await page.getByLabel('Port', { exact: true }).fill('70000');
    await page.locator('#setting-server-port-error').filter({ hasText: sentence }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);

    // A valid value passes the core's check; saving stays greyed out here, and the API refuses with the same sentence.
    await page.getByLabel('Port', { exact: true }).fill('3002');
    await page.locator('#setting-server-port-error').waitFor({ state: 'detached', timeout: 20_000 });
    await waitForText(page, 'settings-state', 'Valid (not saved here');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    const save = await client.rest.saveSettings(snapshot.settings).catch((e: unknown) => e);
    expect(save).toMatchObject({ status: 409, message: readOnly });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-settings.png') });
    await page.getByRole('button', { name: 'Revert' }).click();
    await page.getByRole('tab', { name: 'Monitor' }).click();
  });

  it('the simulator restarted from the console\'s fault button: reconnecting, then connected', async () => {
    const { page } = ui;
    const states: string[] = [];
    const off = client.ws.on('connectionStatus', (s) => void states.push(s.status));
    await page.getByRole('button', { name: 'Restart TWS' }).click();
    await waitForText(page, 'fault-result', 'Restart TWS');
    await waitForText(page, 'connection-state', 'Reconnecting');
    await waitForText(page, 'connection-state', 'Connected', 60_000);
    off();
    expect(states).toContain('reconnecting');
  }, 90_000);

  it('the one-time launch link logs in, leaves the address bar, and works only once', async () => {
    const first = await openConsolePage(browser, launchLink);
    try {
      await first.page.getByTestId('console-link').and(first.page.locator('[data-state="open"]')).waitFor();
      expect(first.page.url()).toBe(`${baseUrl}/`);
      await waitForText(first.page, 'connection-state', 'Connected');
      expect(first.problems).toEqual([]);
    } finally {
      await first.close();
    }
    const again = await openConsolePage(browser, launchLink);
    try {
      await waitForText(again.page, 'login-notice', /used already|expired/);
      expect(again.page.url()).toBe(`${baseUrl}/`);
    } finally {
      await again.close();
    }
  });

  it('log out returns to the login and forgets the session', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Access token or password').waitFor();
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual([]);
    await page.reload();
    await page.getByLabel('Access token or password').waitFor();
  });

  describe('a page of a foreign origin', () => {
    let foreign: http.Server;
    let foreignUrl = '';

    beforeAll(async () => {
      // Another local web site (another port is another origin), with a page that frames the console.
      foreign = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><title>elsewhere</title><iframe id="console" src="${baseUrl}/"></iframe>`);
      });
      await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
      foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => foreign.close(() => r())));

    it('cannot call the admin API with the token, nor open its WebSocket', async () => {
      const jwt = await client.tokens.token();
      // What the server answers that origin (a browser would not even show the page the answer).
      const direct = await fetch(`${baseUrl}/api/admin/status`, { headers: { origin: foreignUrl, authorization: `Bearer ${jwt}` } });
      expect(direct.status).toBe(403);

      const page = await browser.newPage();
      try {
        await page.goto(`${foreignUrl}/`);
        // A string, not a function: the page runs it as written (no test-file transform, no Node imports).
        const outcome = await page.evaluate(`(async () => {
          const fetched = await fetch(${JSON.stringify(`${baseUrl}/api/admin/status`)}, { headers: { authorization: ${JSON.stringify(`Bearer ${jwt}`)} } })
            .then((r) => 'answered ' + r.status, () => 'refused');
          const socket = await new Promise((resolve) => {
            const ws = new WebSocket(${JSON.stringify(`${baseUrl.replace('http', 'ws')}/ws`)});
            ws.onopen = () => resolve('opened');
            ws.onerror = () => resolve('refused');
          });
          return { fetched, socket };
        })()`);
        expect(outcome).toEqual({ fetched: 'refused', socket: 'refused' });
      } finally {
        await page.close();
      }
    });

    it('cannot frame the console', async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${foreignUrl}/`);
        const frame = await (await page.locator('#console').elementHandle())!.contentFrame();
        // Refused by frame-ancestors 'none' (and X-Frame-Options): Chromium leaves its error page, not the console.
        await expect.poll(() => frame!.url(), { timeout: 10_000 }).toMatch(/^chrome-error:/);
        expect(await frame!.locator('#root').count()).toBe(0);
      } finally {
        await page.close();
      }
    });
  });

  it('ran without console errors or CSP violations', () => {
    expect(ui.problems).toEqual([]);
  });

  // Last: the proxy goes away (its page logs the failed reconnects, so this runs on a page of its own).
  it('the proxy restarts (same data, same port): the console shows it is reconnecting, then is live again by itself', async () => {
    const restartPage = await openConsolePage(browser, `${baseUrl}/`);
    try {
      const { page } = restartPage;
      await logIn(page, token);
      const link = page.getByTestId('console-link');
      expect(await stopAndWait(demo)).toBe(0);
      await link.and(page.locator('[data-state="reconnecting"]')).waitFor({ timeout: 30_000 });
      demo = spawnProxy('demo', { dir: demo.dir, env: { PORT: String(new URL(baseUrl).port), LOG_FILE: '' } });
      await waitForBanner(demo);
      await link.and(page.locator('[data-state="open"]')).waitFor({ timeout: 60_000 });
      await waitForText(page, 'connection-state', 'Connected', 60_000);
    } finally {
      await restartPage.close();
    }
  }, 150_000);
});
