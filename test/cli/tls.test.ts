/**
 * Production deployment as the original README lists it, through the headless process: HTTPS and WSS on one port
 * from certificate files, listening beyond loopback only with TLS and ALLOWED_HOSTS (the Host check refuses a
 * forged name there too, and the login stays required), plain HTTP beyond loopback refused with one sentence, and
 * a renewed certificate picked up on SIGHUP without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl, makeCert, type TestCert } from '../support/tlsCert.js';
import { login, openSocket, request, session, type Target } from '../support/apiClient.js';
import { cleanup, freePort, scratchDir, spawnProxy, stopAndWait, waitFor, waitForBanner, type ProxyProcess } from './spawnProxy.js';

const PASSWORD = 'tls-test-password-1';


/** Without TWS: these tests are about the listener, not the connection. */
const BASE = { IBKR_AUTO_CONNECT: 'false', AUTH_PASSWORD: PASSWORD, LOG_FILE: '' };

describe.skipIf(!hasOpenssl())('TLS (HTTPS and WSS from certificate files)', () => {
  let dir = '';
  let cert: TestCert;

  beforeAll(() => {
    dir = scratchDir();
    cert = makeCert(dir, 'proxy', ['proxy.test', 'localhost', '127.0.0.1']);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('on loopback, with WS_PORT', () => {
    let p: ProxyProcess;
    let api: Target;
    let wsOnly: Target;

    beforeAll(async () => {
      const wsPort = await freePort();
      p = spawnProxy('serve', { env: { ...BASE, PORT: '0', WS_PORT: String(wsPort), TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: cert.keyFile } });
      const banner = await waitForBanner(p);
      expect(banner.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      api = { url: banner.url, ca: cert.cert };
      wsOnly = { url: `https://127.0.0.1:${wsPort}`, ca: cert.cert };
    });
    afterAll(() => cleanup(p));

    it('serves HTTPS with the configured certificate, and says so in the banner', async () => {
      const r = await request(api, { path: '/health' });
      expect(r.status).toBe(200);
      expect(r.certificate).toBe(cert.fingerprint);
      expect(p.stdout()).toMatch(/WebSocket: {2}wss:\/\/127\.0\.0\.1:\d+\/ws and wss:\/\/127\.0\.0\.1:\d+\/ws/);
      // HSTS is for names reached over the network, never for localhost (it would pin every local dev server).
      expect(r.headers['strict-transport-security']).toBeUndefined();
    });

    it('WSS on the API port and on WS_PORT: the same authenticated session', async () => {
      const token = await login(api, PASSWORD);
      const a = await session(api, token);
      const b = await session(wsOnly, token);
      const clients = await request(api, { path: '/api/websocket/clients', headers: { authorization: `Bearer ${token}` } });
      expect(clients.status).toBe(200);
      a.close();
      b.close();
    });

    it('WS_PORT answers plain requests with 426 and points at the API port', async () => {
      const r = await request(wsOnly, { path: '/health' });
      expect(r.status).toBe(426);
      expect(r.body).toMatchObject({ success: false, message: expect.stringMatching(/^This port serves only the WebSocket at \/ws; the REST API is on port \d+\.$/) });
    });

    it('plain HTTP to the TLS port gets no answer', async () => {
      await expect(fetch(api.url.replace('https', 'http') + '/health')).rejects.toThrow();
    });
  });

  describe('beyond loopback (HOST=0.0.0.0, ALLOWED_HOSTS=proxy.test)', () => {
    let p: ProxyProcess;
    let port = 0;
    let named: Target;
    let forged: Target;

    beforeAll(async () => {
      p = spawnProxy('serve', {
        env: { ...BASE, HOST: '0.0.0.0', PORT: '0', ALLOWED_HOSTS: 'proxy.test', TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: cert.keyFile },
      });
      port = (await waitForBanner(p)).port;
      // The TCP connection goes to 127.0.0.1; Host and SNI say what a client on the network would say.
      named = { url: `https://127.0.0.1:${port}`, host: `proxy.test:${port}`, ca: cert.cert, servername: 'proxy.test' };
      forged = { ...named, host: `evil.example:${port}` };
    });
    afterAll(() => cleanup(p));

    it('answers the allowed name, with HSTS', async () => {
      const r = await request(named, { path: '/health' });
      expect(r.status).toBe(200);
      expect(r.headers['strict-transport-security']).toBe('max-age=15552000');
    });

    it('refuses a forged Host (DNS rebinding) on HTTP and on the WebSocket upgrade', async () => {
      const r = await request(forged, { method: 'POST', path: '/api/auth/login', body: { username: 'trader', password: PASSWORD } });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ success: false, message: expect.stringContaining('ALLOWED_HOSTS') });
      await expect(openSocket(forged)).rejects.toThrow('upgrade refused: 403');
    });

    it('still requires the login: no token, no data; with one, REST and WSS work', async () => {
      expect((await request(named, { path: '/api/positions' })).status).toBe(401);
      const token = await login(named, PASSWORD);
      expect((await request(named, { path: '/api/connection-health', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      (await session(named, token)).close();
    });
  });

  it('SIGHUP re-reads a renewed certificate: new connections get it, no restart; a bad one is refused', async () => {
    const live = scratchDir();
    const first = makeCert(live, 'first', ['localhost', '127.0.0.1']);
    const renewed = makeCert(live, 'renewed', ['localhost', '127.0.0.1']);
    const certFile = path.join(live, 'proxy.crt');
    const keyFile = path.join(live, 'proxy.key');
    fs.copyFileSync(first.certFile, certFile);
    fs.copyFileSync(first.keyFile, keyFile);
    const p = spawnProxy('serve', { env: { ...BASE, PORT: '0', TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } });
    try {
      const { url } = await waitForBanner(p);
      const before = await request({ url, ca: first.cert }, { path: '/health' });
      expect(before.certificate).toBe(first.fingerprint);
      fs.copyFileSync(renewed.certFile, certFile);
      fs.copyFileSync(renewed.keyFile, keyFile);
      p.child.kill('SIGHUP');
      await waitFor('the reload line', () => p.stdout().includes('SIGHUP: TLS certificate and key reloaded'), p);
      const after = await request({ url, ca: renewed.cert }, { path: '/health' });
      expect(after.certificate).toBe(renewed.fingerprint);
      // A bad renewal (here: a truncated certificate) is logged and the current certificate stays.
      fs.writeFileSync(certFile, fs.readFileSync(renewed.certFile, 'utf8').slice(0, 100));
      p.child.kill('SIGHUP');
      await waitFor('the refusal', () => p.stderr().includes('SIGHUP: the TLS files were not reloaded, the current certificate stays: TLS_CERT_FILE must be'), p);
      expect((await request({ url, ca: renewed.cert }, { path: '/health' })).certificate).toBe(renewed.fingerprint);
      expect(await stopAndWait(p)).toBe(0);
    } finally {
      cleanup(p);
      fs.rmSync(live, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'plain HTTP beyond loopback',
      { HOST: '0.0.0.0' },
      'HOST must be a loopback address (127.0.0.1, ::1 or localhost) unless TLS_CERT_FILE and TLS_KEY_FILE are set, as plain HTTP is never served beyond loopback.',
    ],
    ['TLS beyond loopback without ALLOWED_HOSTS', { HOST: '0.0.0.0', TLS: true }, /^ALLOWED_HOSTS must be the host names clients use to reach this proxy/],
    ['a key that belongs to another certificate', { TLS: true, OTHER_KEY: true }, /^TLS_KEY_FILE must be the path of the PEM private key file of that certificate \(.* is not the key of the certificate in .*\)\.$/],
    ['a certificate file that does not exist', { TLS: true, NO_CERT: true }, /^TLS_CERT_FILE must be the path of a PEM certificate file \(with its chain\) \(.*missing\.crt could not be read: ENOENT\)\.$/],
  ])('%s: exit 2 with one sentence', async (_what, o: { HOST?: string; TLS?: boolean; OTHER_KEY?: boolean; NO_CERT?: boolean }, sentence) => {
    const other = o.OTHER_KEY ? makeCert(dir, 'other', ['localhost']) : null;
    const tls: Record<string, string> = o.TLS
      ? { TLS_CERT_FILE: o.NO_CERT ? path.join(dir, 'missing.crt') : cert.certFile, TLS_KEY_FILE: other ? other.keyFile : cert.keyFile }
      : {};
    const p = spawnProxy('serve', { env: { ...BASE, PORT: '0', ...(o.HOST ? { HOST: o.HOST } : {}), ...tls } });
    try {
      expect(await p.exited).toBe(2);
      const last = p.stderr().trim().split('\n').at(-1) ?? '';
      if (typeof sentence === 'string') expect(last).toBe(sentence);
      else expect(last).toMatch(sentence);
    } finally {
      cleanup(p);
    }
  });
});
