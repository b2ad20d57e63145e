/**
 * The web console's admin routes on the real ProxyApp (headless and demo, as `npm run serve` / `npm run demo`
 * host them), over HTTP and WebSocket: what each answers, what each mode refuses and with which sentence, bad
 * input as 400 with a sentence, the same token / Origin checks as the rest of the API, the console pushes only
 * to clients that asked for them, the launch link's code once and only within its lifetime. The desktop app as
 * the host: test/main/consoleDesktop.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAUNCH_CODE_TTL_MS } from '../../../src/core/auth/launchCodes.js';
import {
  DEMO_HAS_NO_ACCOUNTS,
  DEMO_SETTINGS_NOT_KEPT,
  FAULTS_ONLY_IN_DEMO,
  HEADLESS_MODE_FROM_ENV,
  HEADLESS_SETTINGS_FROM_ENV,
} from '../../../src/core/console/modeRefusals.js';
import { ORIGIN_REJECTED_MESSAGE } from '../../../src/core/security/originPolicy.js';
import { startConsoleApp, type ConsoleApp } from './consoleApp.js';
import { until, type Frame, type TestWs } from './harness.js';

const LMT = { symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price: 1, timeInForce: 'DAY' };
const FOREIGN = 'https://evil.example';

/** A WebSocket session that asked for the console's pushes (or not). */
async function session(c: ConsoleApp, token: string, consoleEvents: boolean, headers?: Record<string, string>): Promise<TestWs> {
  const ws = await c.ws(headers);
  await ws.authenticate(token);
  if (consoleEvents) {
    const r = await ws.request('set_options', { consoleEvents: true });
    expect(r.payload).toEqual({ batchMarketData: false, consoleEvents: true });
  }
  return ws;
}

describe('web console routes, headless host', () => {
  let c: ConsoleApp;
  let token = '';
  beforeAll(async () => {
    c = await startConsoleApp({ mode: 'headless' });
    token = await c.login();
  });
  afterAll(() => c.close());

  it('status: the monitor view of the proxy, with what this mode does not allow and why', async () => {
    expect((await c.http('GET', '/api/admin/status')).status).toBe(401);
    const r = await c.http('GET', '/api/admin/status', { token });
    expect(r.status).toBe(200);
    expect(r.json.status).toMatchObject({
      appMode: 'headless',
      displayMode: 'paper',
      gateway: { status: 'connected' },
      server: { listening: true, url: c.info.url },
      abilities: { settingsReadOnly: HEADLESS_SETTINGS_FROM_ENV, modeSwitchRefused: HEADLESS_MODE_FROM_ENV, simulatorFaults: false },
    });
  });

  it("today's orders, the log tail, recent IB errors and the traffic history", async () => {
    const placed = await c.http('POST', '/api/orders', { token, body: LMT });
    expect(placed.status).toBe(200);
    const orders = await c.http('GET', '/api/admin/orders/today', { token });
    expect(orders.json.orders.map((o: { symbol: string }) => o.symbol)).toContain('AAPL');

    const logs = await c.http('GET', '/api/admin/logs?limit=3', { token });
    expect(logs.status).toBe(200);
    expect(logs.json.lines.length).toBeGreaterThan(0);
    expect(logs.json.lines.length).toBeLessThanOrEqual(3);
    const warnings = await c.http('GET', '/api/admin/logs?level=warn', { token });
    expect(warnings.json.lines.every((l: { level: string }) => l.level === 'warn' || l.level === 'error')).toBe(true);
    for (const bad of ['limit=0', 'limit=abc', 'limit=5000', 'level=loud']) {
      const r = await c.http('GET', `/api/admin/logs?${bad}`, { token });
      expect(r.status, bad).toBe(400);
      expect(r.json.message, bad).toMatch(/limit|level/);
    }

    c.sim.faults.connectivityLost();
    await until(async () => (await c.http('GET', '/api/admin/ib-errors?limit=10', { token })).json.errors.some((e: { code: number }) => e.code === 1100), 10_000, 'the 1100 in the recent IB errors');
    c.sim.faults.connectivityRestored(false);
    expect((await c.http('GET', '/api/admin/ib-errors?limit=0', { token })).status).toBe(400);

    // The history fills once a second; a client of the pushes sees the sample that the history then holds.
    const ws = await session(c, token, true);
    const sample = await ws.waitFor((f) => f.type === 'trafficSample');
    const traffic = await c.http('GET', '/api/admin/traffic', { token });
    expect(traffic.json.samples).toContainEqual(sample.payload);
  });

  it('connected clients: listed with their origin, one disconnected with close code 1000, a gone one is 404', async () => {
    const ws = await session(c, token, false, { Origin: c.info.url });
    const list = await c.http('GET', '/api/websocket/clients', { token });
    const mine = list.json.clients.find((cl: { origin: string | null }) => cl.origin === c.info.url);
    expect(mine).toBeDefined();
    const r = await c.http('DELETE', `/api/websocket/clients/${mine.id}`, { token });
    expect(r.status).toBe(200);
    expect((await ws.closed).code).toBe(1000);
    const again = await c.http('DELETE', `/api/websocket/clients/${mine.id}`, { token });
    expect(again.status).toBe(404);
    expect(again.json.message).toBe('That client is no longer connected.');
  });

  it('the kill switch blocks trading (the status says so) and re-arms', async () => {
    const kill = await c.http('POST', '/api/orders/cancel-all', { token });
    expect(kill.json).toMatchObject({ success: true, tradingBlocked: true });
    expect((await c.http('GET', '/api/admin/status', { token })).json.status.gateway.tradingBlocked).toBe(true);
    expect((await c.http('POST', '/api/orders', { token, body: LMT })).status).toBe(423);
    const arm = await c.http('POST', '/api/trading/enable', { token });
    expect(arm.json).toMatchObject({ success: true, tradingBlocked: false });
    expect((await c.http('GET', '/api/admin/status', { token })).json.status.gateway.tradingBlocked).toBe(false);
  });

  it('settings: read and validated here, saved never (they come from .env); the live / paper switch refused', async () => {
    const read = await c.http('GET', '/api/admin/settings', { token });
    expect(read.status).toBe(200);
    expect(read.json.filePath).toMatch(/\.env/);
    expect(read.json.settings.ibkr.mode).toBe('paper');
    expect(read.json.defaults.server.port).toBe(3001);

    const ok = await c.http('POST', '/api/admin/settings/validate', { token, body: { settings: read.json.settings } });
    expect(ok.json.validation).toEqual({ ok: true });
    const bad = { ...read.json.settings, server: { ...read.json.settings.server, port: 70_000 } };
    const invalid = await c.http('POST', '/api/admin/settings/validate', { token, body: { settings: bad } });
    expect(invalid.status).toBe(200);
    expect(invalid.json.validation.ok).toBe(false);
    expect(invalid.json.validation.issues[0]).toMatchObject({ path: 'server.port', message: expect.stringContaining('server.port') });

    const save = await c.http('PUT', '/api/admin/settings', { token, body: { settings: read.json.settings } });
    expect(save.status).toBe(409);
    expect(save.json.message).toBe(HEADLESS_SETTINGS_FROM_ENV);
    expect((await c.http('PUT', '/api/admin/settings', { token, body: { nothing: true } })).status).toBe(400);

    const mode = await c.http('PUT', '/api/admin/tws/mode', { token, body: { mode: 'live' } });
    expect(mode.status).toBe(409);
    expect(mode.json.message).toBe(HEADLESS_MODE_FROM_ENV);
    expect((await c.http('PUT', '/api/admin/tws/mode', { token, body: { mode: 'demo' } })).status).toBe(400);
    expect((await c.http('GET', '/api/admin/status', { token })).json.status.gateway.mode).toBe('paper');
  });

  it('connects with the configured profile; the simulator faults exist only in the demo', async () => {
    const r = await c.http('POST', '/api/admin/tws/connect', { token });
    expect(r.json).toMatchObject({ success: true, connectionStatus: 'connected' });
    const fault = await c.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'tws-restart' } });
    expect(fault.status).toBe(409);
    expect(fault.json.message).toBe(FAULTS_ONLY_IN_DEMO);
    expect((await c.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'meteor' } })).status).toBe(400);
  });

  it('a foreign Origin is refused on the admin routes and the WebSocket; the proxy\'s own origin is the console\'s', async () => {
    const foreign = await c.http('GET', '/api/admin/status', { token, headers: { Origin: FOREIGN } });
    expect(foreign.status).toBe(403);
    expect(foreign.json.message).toBe(ORIGIN_REJECTED_MESSAGE);
    const post = await c.http('POST', '/api/admin/access-token/rotate', { token, headers: { Origin: FOREIGN } });
    expect(post.status).toBe(403);
    expect((await c.http('GET', '/api/admin/status', { token, headers: { Origin: c.info.url } })).status).toBe(200);
    await expect(c.ws({ Origin: FOREIGN })).rejects.toThrow(/403/);
    const own = await c.ws({ Origin: c.info.url });
    await own.authenticate(token);
  });

  it('consoleStatus, trafficSample and logLine go only to the clients that asked, log lines redacted', async () => {
    const wants = await session(c, token, true);
    const plain = await session(c, token, false);
    await wants.waitFor((f) => f.type === 'trafficSample');
    const from = wants.frames.length;
    c.logger.addSecret('hunter2-very-secret');
    c.logger.warn('console test line with hunter2-very-secret inside');
    const line = await wants.waitFor((f) => f.type === 'logLine' && String(f.payload.message).includes('console test line'), 10_000, from);
    expect(line.payload.message).not.toContain('hunter2-very-secret');
    // A visible change (the kill switch) is pushed at once.
    await c.http('POST', '/api/orders/cancel-all', { token });
    const blocked = await wants.waitFor((f: Frame) => f.type === 'consoleStatus' && f.payload.gateway.tradingBlocked === true, 10_000, from);
    expect(blocked.payload.appMode).toBe('headless');
    await c.http('POST', '/api/trading/enable', { token });
    await wants.waitFor((f: Frame) => f.type === 'consoleStatus' && f.payload.gateway.tradingBlocked === false, 10_000, from);
    // The plain client got the trading status push like every frontend, and none of the console's.
    await plain.waitFor((f) => f.type === 'tradingStatus');
    expect(plain.count('consoleStatus') + plain.count('trafficSample') + plain.count('logLine')).toBe(0);
    // Opting out stops them.
    const off = await wants.request('set_options', { consoleEvents: false });
    expect(off.payload.consoleEvents).toBe(false);
  });

  it('the access token: never sent by the console; rotating it shows the new one once and signs every client out', async () => {
    const info = await c.http('GET', '/api/admin/access-token', { token });
    expect(info.json.accessToken).toMatchObject({ username: 'trader', loginMode: 'access-token', token: null });
    expect(info.json.accessToken.reason).toMatch(/rotate/);

    const ws = await session(c, token, false);
    const rotated = await c.http('POST', '/api/admin/access-token/rotate', { token });
    expect(rotated.status).toBe(200);
    const fresh = rotated.json.accessToken.token as string;
    expect(fresh.length).toBeGreaterThan(20);
    expect((await ws.closed).code).toBeGreaterThanOrEqual(1000);
    // The contract's answer to a token that no longer works.
    expect((await c.http('GET', '/api/admin/status', { token })).json).toEqual({ success: false, message: 'Invalid or expired token' });
    const login = await c.http('POST', '/api/auth/login', { body: { username: 'trader', password: fresh } });
    expect(login.status).toBe(200);
    token = login.json.token;
  });

  it('own credentials replace the token login and sign every client out; a short password is a 400 with a sentence', async () => {
    const short = await c.http('PUT', '/api/admin/credentials', { token, body: { username: 'desk', password: 'short' } });
    expect(short.status).toBe(400);
    expect(short.json.message).toMatch(/at least 8 characters/);
    const set = await c.http('PUT', '/api/admin/credentials', { token, body: { username: 'desk', password: 'a long enough password' } });
    expect(set.status).toBe(200);
    expect((await c.http('GET', '/api/admin/status', { token })).status).toBe(403);
    const login = await c.http('POST', '/api/auth/login', { body: { username: 'desk', password: 'a long enough password' } });
    expect(login.status).toBe(200);
    const info = await c.http('GET', '/api/admin/access-token', { token: login.json.token });
    expect(info.json.accessToken).toMatchObject({ username: 'desk', loginMode: 'stored-password', token: null });
  });
});

describe("the banner's one-time console link", () => {
  let c: ConsoleApp;
  beforeAll(async () => {
    c = await startConsoleApp({ mode: 'headless' });
  });
  afterAll(() => c.close());

  const codeOf = (link: string) => new URL(link).hash.replace('#launch=', '');
  const launch = (code: string) => c.http('POST', '/api/auth/launch', { body: { code } });

  it('is the console URL with the code in the fragment, exchanged once for a session like a login', async () => {
    const link = c.app.issueConsoleLink();
    expect(link.startsWith(`${c.info.consoleUrl}#launch=`)).toBe(true);
    const first = await launch(codeOf(link));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ success: true, user: { username: 'trader' } });
    expect((await c.http('GET', '/api/admin/status', { token: first.json.token })).status).toBe(200);
    const second = await launch(codeOf(link));
    expect(second.status).toBe(401);
    expect(second.json.message).toBe('This console link was used already or has expired: log in with the access token instead.');
  });

  it('expires after its lifetime on the app clock; a new link makes the previous one stop working', async () => {
    const late = c.app.issueConsoleLink();
    c.clock.advance(LAUNCH_CODE_TTL_MS + 1);
    expect((await launch(codeOf(late))).status).toBe(401);

    const inTime = c.app.issueConsoleLink();
    c.clock.advance(LAUNCH_CODE_TTL_MS - 1_000);
    expect((await launch(codeOf(inTime))).status).toBe(200);

    const replaced = c.app.issueConsoleLink();
    const current = c.app.issueConsoleLink();
    expect((await launch(codeOf(replaced))).status).toBe(401);
    expect((await launch(codeOf(current))).status).toBe(200);
  });

  it('a malformed code is a 400 with a sentence; no code ever reaches the log', async () => {
    const bad = await launch('short');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/launch code/);
    const link = c.app.issueConsoleLink();
    c.logger.info(`someone pasted ${link} into a log line`);
    const logged = c.logger.getRecentLogs(1_000).map((l) => l.message).join('\n');
    expect(logged).toContain('someone pasted');
    expect(logged).toContain("The web console was opened with the banner's one-time link.");
    expect(logged).not.toContain(codeOf(link));
  });
});

describe('web console routes, demo host', () => {
  let c: ConsoleApp;
  let token = '';
  beforeAll(async () => {
    c = await startConsoleApp({ mode: 'demo', faults: true });
    token = await c.login();
  });
  afterAll(() => c.close());

  it('status says demo; settings and the live / paper switch are refused with the demo\'s sentences', async () => {
    const s = await c.http('GET', '/api/admin/status', { token });
    expect(s.json.status).toMatchObject({
      appMode: 'demo',
      displayMode: 'demo',
      abilities: { settingsReadOnly: DEMO_SETTINGS_NOT_KEPT, modeSwitchRefused: DEMO_HAS_NO_ACCOUNTS, simulatorFaults: true },
    });
    const settings = (await c.http('GET', '/api/admin/settings', { token })).json.settings;
    const save = await c.http('PUT', '/api/admin/settings', { token, body: { settings } });
    expect(save.status).toBe(409);
    expect(save.json.message).toBe(DEMO_SETTINGS_NOT_KEPT);
    const mode = await c.http('PUT', '/api/admin/tws/mode', { token, body: { mode: 'paper' } });
    expect(mode.status).toBe(409);
    expect(mode.json.message).toBe(DEMO_HAS_NO_ACCOUNTS);
  });

  it('simulator faults: 1100 / 1101 reach the IB errors, a competing session comes and goes', async () => {
    const lost = await c.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'ib-servers-lost' } });
    expect(lost.json).toEqual({ success: true, message: 'Simulator: Lose IBKR servers (1100)' });
    await until(async () => (await c.http('GET', '/api/admin/ib-errors', { token })).json.errors.some((e: { code: number }) => e.code === 1100), 10_000, '1100');
    expect((await c.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'ib-servers-back' } })).status).toBe(200);
    await until(async () => (await c.http('GET', '/api/admin/ib-errors', { token })).json.errors.some((e: { code: number }) => e.code === 1101), 10_000, '1101');
    expect((await c.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'competing-session' } })).status).toBe(200);
    expect((await c.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'competing-session-over' } })).status).toBe(200);
  });

  it('a TWS restart: the console sees the proxy lose TWS and connect again; a second restart meanwhile is refused', async () => {
    const ws = await session(c, token, true);
    const from = ws.frames.length;
    const r = await c.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'tws-restart' } });
    expect(r.status).toBe(200);
    const again = await c.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'tws-restart' } });
    expect(again.status).toBe(409);
    expect(again.json.message).toMatch(/restarting already/);
    const down = await ws.waitFor((f) => f.type === 'consoleStatus' && f.payload.gateway.status !== 'connected', 15_000, from);
    await ws.waitFor((f) => f.type === 'consoleStatus' && f.payload.gateway.status === 'connected', 20_000, ws.frames.indexOf(down));
  });
});
