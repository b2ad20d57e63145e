import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostGuard, isAllowedHost } from '../../../src/core/security/hostGuard.js';
import { corsMiddleware, DESKTOP_RENDERER_ORIGINS, isAllowedOrigin, originGuard } from '../../../src/core/security/originPolicy.js';
import { securityHeaders } from '../../../src/core/security/securityHeaders.js';
import { listen, request } from './helpers.js';

const ALLOW = ['http://localhost:5173', 'http://localhost:3000'];

describe('isAllowedHost', () => {
  it.each([
    ['localhost:3001', true],
    ['127.0.0.1:3001', true],
    ['[::1]:3001', true],
    ['LOCALHOST:3001', true],
    ['localhost:3002', false],
    ['localhost', false],
    ['evil.example:3001', false],
    ['127.0.0.1.nip.io:3001', false],
    ['localhost.:3001', false],
    ['0.0.0.0:3001', false],
    ['[::ffff:127.0.0.1]:3001', false],
    ['localhost:3001@evil.example', false],
    ['', false],
  ])('%s → %s', (host, allowed) => {
    expect(isAllowedHost(host, 3001)).toBe(allowed);
  });

  it('accepts a missing port only when the server is on port 80 or 443 (what browsers leave out)', () => {
    expect(isAllowedHost('localhost', 80)).toBe(true);
    expect(isAllowedHost('localhost', 443)).toBe(true);
    expect(isAllowedHost('localhost', 3001)).toBe(false);
    expect(isAllowedHost(undefined, 3001)).toBe(false);
  });

  it('accepts the WebSocket port (WS_PORT) as well as the API port', () => {
    expect(isAllowedHost('localhost:3002', [3001, 3002])).toBe(true);
    expect(isAllowedHost('localhost:3003', [3001, 3002])).toBe(false);
  });
});

describe('isAllowedHost beyond loopback (ALLOWED_HOSTS)', () => {
  const allowed = ['proxy.example.com', '203.0.113.7', 'trade.example.com:8443'];
  it.each([
    ['proxy.example.com:3001', true],
    ['PROXY.example.com:3001', true],
    // A firewall forwarding 443 to PORT: browsers send the name without a port.
    ['proxy.example.com', true],
    ['proxy.example.com:3005', false],
    ['203.0.113.7:3001', true],
    ['trade.example.com:8443', true],
    ['trade.example.com:3001', false],
    ['trade.example.com', false],
    ['localhost:3001', true],
    ['evil.example:3001', false],
    ['proxy.example.com.evil.example:3001', false],
    ['sub.proxy.example.com:3001', false],
  ])('%s → %s', (host, ok) => {
    expect(isAllowedHost(host, 3001, allowed)).toBe(ok);
  });
});

describe('isAllowedOrigin', () => {
  it('allows no Origin (non-browser clients), configured origins and the desktop renderer', () => {
    expect(isAllowedOrigin(undefined, ALLOW)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', ALLOW)).toBe(true);
    expect(isAllowedOrigin('HTTP://LOCALHOST:5173/', ALLOW)).toBe(true);
    expect(isAllowedOrigin(DESKTOP_RENDERER_ORIGINS[0], [])).toBe(true);
  });

  it('refuses every other origin, including "null" (sandboxed iframes, file://)', () => {
    for (const o of ['https://evil.example', 'http://localhost:5174', 'http://127.0.0.1:5173', 'null', '', 'file://']) {
      expect(isAllowedOrigin(o, ALLOW), o).toBe(false);
    }
  });
});

describe('guards over real HTTP', () => {
  let srv: Awaited<ReturnType<typeof listen>>;
  let port = 0;
  let reached = 0;

  beforeAll(async () => {
    const app = express();
    app.use(hostGuard(() => port));
    app.use(securityHeaders());
    app.use(originGuard(ALLOW));
    app.use(corsMiddleware(ALLOW));
    app.post('/api/thing', (_req, res) => {
      reached++;
      res.json({ success: true });
    });
    srv = await listen(app);
    port = srv.port;
  });
  afterAll(() => srv.close());

  it('a forged Host (DNS rebinding) is refused with 403 JSON and never reaches the route', async () => {
    const before = reached;
    const r = await request(port, { method: 'POST', path: '/api/thing', headers: { host: `evil.example:${port}` } });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ success: false, message: expect.stringMatching(/localhost, 127\.0\.0\.1, \[::1\] or a name in ALLOWED_HOSTS/) });
    expect(reached).toBe(before);
  });

  it('localhost, 127.0.0.1 and [::1] with the right port pass', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await request(port, { method: 'POST', path: '/api/thing', headers: { host } })).status, host).toBe(200);
    }
  });

  it('a foreign Origin is refused with 403 even for a "simple" cross-site POST', async () => {
    const before = reached;
    const r = await request(port, {
      method: 'POST',
      path: '/api/thing',
      headers: { host: `localhost:${port}`, origin: 'https://evil.example', 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ success: false });
    expect(reached).toBe(before);
  });

  it('the frontend origin gets CORS headers, preflight included', async () => {
    const pre = await request(port, {
      method: 'OPTIONS',
      path: '/api/thing',
      headers: {
        host: `localhost:${port}`,
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(pre.headers['access-control-allow-headers'])).toMatch(/Authorization/i);
    const r = await request(port, { method: 'POST', path: '/api/thing', headers: { host: `localhost:${port}`, origin: 'http://localhost:5173' } });
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('sends helmet headers, but never HSTS on localhost', async () => {
    const r = await request(port, { method: 'POST', path: '/api/thing', headers: { host: `localhost:${port}` } });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });
});
