import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, spawnProxy, stopAndWait, waitFor, waitForBanner, type ProxyProcess } from './spawnProxy.js';

describe('npm run demo (child process)', () => {
  let p: ProxyProcess;
  let url = '';
  let token = '';

  beforeAll(async () => {
    p = spawnProxy('demo', { env: { PORT: '0', LOG_LEVEL: 'info' } });
    const banner = await waitForBanner(p);
    url = banner.url;
    token = banner.token ?? '';
  });
  afterAll(() => cleanup(p));

  it('answers /health with mode "demo", connected to the built-in simulator', async () => {
    expect(p.stdout()).toContain('DEMO');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const health = (await (await fetch(`${url}/health`)).json()) as { mode: string; ibkr: { connected: boolean } };
    expect(health.mode).toBe('demo');
    expect(health.ibkr.connected).toBe(true);
    // Whatever day and hour the demo starts at, its simulated market is open, and the log says when it lives.
    expect(p.stdout()).toMatch(/market clock \w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2} New York time \(US stocks: regular hours\), 1× real time/);
  });

  it('accepts the printed access token as the password, for the configured username only', async () => {
    const login = (username: string, password: string) =>
      fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect((await login('someone', token)).status).toBeGreaterThanOrEqual(400);
    const ok = await login('trader', token);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { success: boolean; token: string };
    expect(body.success).toBe(true);
    const me = await fetch(`${url}/api/connection-health`, { headers: { authorization: `Bearer ${body.token}` } });
    expect(me.status).toBe(200);
  });

  it('SIGTERM: WebSocket clients are closed with 1001, the process exits 0, logs say DEMO and never the token', async () => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`);
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const code = await stopAndWait(p, 'SIGTERM');
    expect(await closed).toBe(1001);
    expect(code).toBe(0);
    expect(p.stdout()).toContain('Stopped.');

    const log = fs.readFileSync(path.join(p.dir, 'logs', 'app.log'), 'utf8');
    expect(log).toContain('DEMO');
    expect(log).not.toContain(token);
    // Demo keeps its own encrypted secrets; nothing readable at rest.
    const secrets = fs.readFileSync(path.join(p.dir, 'data', 'demo', 'secrets.json'), 'utf8');
    expect(secrets).not.toContain(token);
    expect(fs.existsSync(path.join(p.dir, 'data', 'demo', 'orders-journal.jsonl'))).toBe(true);
  });
});

describe('npm run demo, SIGINT', () => {
  it('Ctrl+C shuts down gracefully with exit 0', async () => {
    const p = spawnProxy('demo', { env: { PORT: '0', LOG_FILE: '' } });
    try {
      await waitForBanner(p);
      expect(await stopAndWait(p, 'SIGINT')).toBe(0);
      await waitFor('the stop line', () => p.stdout().includes('Stopped.'), p).catch(() => undefined);
      expect(p.stdout()).toContain('Shutting down (SIGINT)');
      expect(fs.existsSync(path.join(p.dir, 'logs'))).toBe(false);
    } finally {
      cleanup(p);
    }
  });
});
