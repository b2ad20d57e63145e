/**
 * Attacks refused, over real sockets against the full stack: missing / bad / expired tokens, forged Host (DNS
 * rebinding), foreign Origin on HTTP and on the WebSocket upgrade, login brute force, oversized bodies and
 * frames, and the connection cap.
 */
import http from 'node:http';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET, TestWs } from './harness.js';
import { startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';

let s: RealStack;
let token: string;
beforeAll(async () => {
  s = await startRealStack({ settings: { server: { maxConnections: 5, bodyLimit: 2_048, wsMaxPayload: 4_096 } } });
  token = await s.login();
});
afterAll(async () => {
  await s?.close();
});

function rawRequest(headers: Record<string, string>, p = '/api/orders', method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.port, path: p, method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgradeStatus(headers: Record<string, string>, p = '/ws'): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}${p}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

const expired = () =>
  jwt.sign({ username: 'trader' }, TEST_JWT_SECRET, {
    algorithm: 'HS256', subject: 'trader', issuer: 'edgerunner-ibkr-proxy', audience: 'edgerunner-local-api', expiresIn: -60,
  });

describe('attacks refused', () => {
  it('REST: no token 401, bad token 403, expired token 403, token signed with another secret 403', async () => {
    expect((await s.http('GET', '/api/positions')).status).toBe(401);
    expect((await s.http('GET', '/api/positions', { token: 'abc' })).json).toEqual({ success: false, message: 'Invalid or expired token' });
    expect((await s.http('GET', '/api/positions', { token: expired() })).status).toBe(403);
    const forged = jwt.sign({ username: 'trader' }, 'another-secret', { subject: 'trader', issuer: 'edgerunner-ibkr-proxy', audience: 'edgerunner-local-api' });
    expect((await s.http('GET', '/api/positions', { token: forged })).status).toBe(403);
    const none = jwt.sign({ username: 'trader' }, '', { algorithm: 'none', subject: 'trader' } as jwt.SignOptions);
    expect((await s.http('GET', '/api/positions', { token: none })).status).toBe(403);
  });

  it('WebSocket: expired token → authentication_failed and close 1008', async () => {
    const ws = await s.ws();
    const r = await ws.request('authenticate', { token: expired() });
    expect(r.payload.code).toBe('authentication_failed');
    expect((await ws.closed).code).toBe(1008);
  });

  it('forged Host is refused on HTTP and on the upgrade (DNS rebinding)', async () => {
    const r = await rawRequest({ host: `evil.example:${s.port}`, authorization: `Bearer ${token}` });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).success).toBe(false);
    expect((await rawRequest({ host: `localhost:${s.port}`, authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await rawRequest({ host: `127.0.0.1:${s.port + 1}` })).status).toBe(403);
    expect(await upgradeStatus({ host: `evil.example:${s.port}` })).toBe(403);
    expect(await upgradeStatus({ host: `localhost:${s.port}` })).toBe(101);
  });

  it('foreign Origin is refused on HTTP and on the upgrade; allowed origins pass', async () => {
    const bad = await rawRequest({ host: `127.0.0.1:${s.port}`, origin: 'https://evil.example', authorization: `Bearer ${token}` });
    expect(bad.status).toBe(403);
    const ok = await rawRequest({ host: `127.0.0.1:${s.port}`, origin: 'http://localhost:5173', authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(await upgradeStatus({ origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus({ origin: 'null' })).toBe(403);
    expect(await upgradeStatus({ origin: 'http://localhost:5173' })).toBe(101);
    expect(await upgradeStatus({}, '/not-ws')).toBe(404);
  });

  it('oversized body → 413 JSON; oversized WebSocket frame → close 1009', async () => {
    const big = await s.http('POST', '/api/orders', { token, raw: JSON.stringify({ symbol: 'AAPL', pad: 'x'.repeat(5_000) }) });
    expect(big.status).toBe(413);
    expect(big.json.success).toBe(false);
    expect(big.json.message).toMatch(/too large/);
    const ws = await s.ws();
    await ws.authenticate(token);
    ws.sendRaw(JSON.stringify({ id: 1, type: 'ping', payload: { pad: 'x'.repeat(10_000) } }));
    expect((await ws.closed).code).toBe(1009);
  });

  it('connection cap: upgrades past maxConnections get 503', async () => {
    const open: TestWs[] = [];
    for (let i = 0; i < 5; i++) open.push(await TestWs.open(s.wsUrl));
    expect(await upgradeStatus({})).toBe(503);
    for (const w of open) w.terminate();
  });

  it('login brute force → 429 JSON with Retry-After', async () => {
    let last = 0;
    let res: Awaited<ReturnType<typeof s.http>> | undefined;
    for (let i = 0; i < 12 && last !== 429; i++) {
      res = await s.http('POST', '/api/auth/login', { body: { username: 'trader', password: `wrong-${i}-password` } });
      last = res.status;
    }
    expect(last).toBe(429);
    expect(res!.json.success).toBe(false);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
