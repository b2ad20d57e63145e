/**
 * The web console's transport (renderer/src/console/browserTransport.ts) against the desktop app's real core, the
 * host that allows everything: each window call answers in the shape the window gets over IPC, and the proxy's
 * refusals (thrown by the client library as ProxyApiErrors) come back as the window's results with the server's
 * sentence: an invalid settings save as 'invalid' with the core's issues, a server-restarting change as
 * 'needs-confirmation', a refused action as { ok: false, error }, the kill switch and its re-arming as
 * KillSwitchResults; what only the desktop app can do answers with a sentence instead of failing silently.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyClient } from '../../packages/client/src/index.js';
import type { EdgerunnerDesktopApi } from '../../src/common/ipc.js';
import { BROWSER_ONLY_SENTENCES, browserTransport } from '../../renderer/src/console/browserTransport.js';
import { DesktopHarness } from './harness.js';

describe('the browser transport on the desktop app\'s core', () => {
  let harness: DesktopHarness;
  let client: ProxyClient;
  let api: EdgerunnerDesktopApi;
  const sessions: string[] = [];

  beforeAll(async () => {
    harness = await DesktopHarness.start({ appMode: 'desktop' });
    const { username, token } = harness.controller.accessToken();
    client = new ProxyClient({ baseUrl: harness.baseUrl, credentials: { username, password: token! }, WebSocket });
    api = browserTransport(client, { newSession: (t) => sessions.push(t) });
    await client.ws.connect();
    await client.ws.setOptions({ consoleEvents: true });
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await harness?.close();
  });

  it('status and the status push are the ProxyStatus the window knows', async () => {
    const status = await api.getStatus();
    expect(status).toMatchObject({ appMode: 'desktop', gateway: { status: 'connected' }, abilities: { settingsReadOnly: null } });
    const pushed = new Promise((resolve) => {
      const off = api.onStatus((s) => {
        if (!s.gateway.tradingBlocked) return;
        off();
        resolve(s.gateway.tradingBlocked);
      });
    });
    const blocked = await api.setKillSwitch(true);
    expect(blocked).toEqual({ ok: true, tradingBlocked: true, cancelledOrders: expect.any(Number), warning: null });
    expect(await pushed).toBe(true);
    expect(await api.setKillSwitch(false)).toEqual({ ok: true, tradingBlocked: false, cancelledOrders: 0, warning: null });
  });

  it('an invalid save is "invalid" with the core\'s issues; a server restart needs confirming; a valid one is saved', async () => {
    const { settings } = await api.getSettings();
    const server = settings.server as { port: number };
    const invalid = await api.saveSettings({ ...settings, server: { ...server, port: 70_000 } });
    expect(invalid.status).toBe('invalid');
    if (invalid.status === 'invalid') expect(invalid.issues.map((i) => i.path)).toContain('server.port');

    const restart = await api.saveSettings({ ...settings, server: { ...server, port: server.port === 45_999 ? 45_998 : 45_999 } });
    expect(restart).toMatchObject({ status: 'needs-confirmation', message: expect.stringMatching(/restart/i) });
    expect(harness.settings.get().server.port).toBe(server.port);

    const saved = await api.saveSettings({ ...settings, logging: { ...(settings.logging as object), level: 'debug' } });
    expect(saved).toMatchObject({ status: 'saved' });
    expect(harness.settings.get().logging.level).toBe('debug');
  });

  it('a refused action comes back as { ok: false } with the server\'s sentence', async () => {
    const r = await api.disconnectClient('no-such-client');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('That client is no longer connected.');
  });

  it('what only the desktop app can do answers with a sentence', async () => {
    expect(await api.openLogsFolder()).toEqual({ ok: false, error: BROWSER_ONLY_SENTENCES.openLogsFolder });
    expect(await api.restartToUpdate()).toEqual({ ok: false, error: BROWSER_ONLY_SENTENCES.restartToUpdate });
    expect(await api.copyAccessToken()).toEqual({ ok: false, error: BROWSER_ONLY_SENTENCES.copyAccessToken });
  });

  it('rotating the access token signs in again on the new one (the page stays open to show it)', async () => {
    const info = await api.rotateAccessToken();
    expect(info.token).toBe(harness.controller.accessToken().token);
    expect(sessions).toHaveLength(1);
  });
});
