/**
 * ProxyApp in-process, with the real gateway, API server and the TWS simulator: what the desktop main process
 * will host. Checks the composition duties: revoking tokens ends live sessions, stop() is graceful and
 * idempotent, a failed start releases what it opened.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyApp } from '../../src/core/app.js';
import { parseSettings } from '../../src/core/config/validateSettings.js';
import { GatewayService } from '../../src/core/gateway/index.js';
import { createSilentLogger } from '../../src/core/logging/logger.js';
import { AesGcmCipher } from '../../src/core/secrets/aesGcmCipher.js';
import { TwsSimulator } from '../../src/simulator/index.js';
import { tradingClock } from '../support/tradingClock.js';

let sim: TwsSimulator;
let simPort = 0;
const dirs: string[] = [];

beforeAll(async () => {
  sim = new TwsSimulator({ clock: tradingClock(), backgroundTicksPerSecond: 0 });
  simPort = await sim.start(0, '127.0.0.1');
});
afterAll(async () => {
  await sim.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function makeApp(port = 0, clientId = 1 + crypto.randomInt(1000)) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-app-'));
  dirs.push(dataDir);
  const settings = parseSettings({ server: { port }, ibkr: { mode: 'paper', paper: { port: simPort, clientId }, autoConnect: true } });
  return new ProxyApp({
    mode: 'demo',
    settings,
    dataDir,
    logger: createSilentLogger(),
    cipher: new AesGcmCipher('test-encryption-key-0123456789'),
    createGateway: (o) => new GatewayService(o),
    envSecrets: { authPassword: 'correct horse battery' },
  });
}

async function login(url: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'trader', password: 'correct horse battery' }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

/** An authenticated WebSocket session; resolves once the server confirmed authentication. */
async function session(url: string, token: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string };
      if (frame.type === 'connection_established') ws.send(JSON.stringify({ id: 'a1', type: 'authenticate', payload: { token }, timestamp: new Date().toISOString() }));
      if (frame.type === 'authentication_success') resolve();
      if (frame.type === 'error') reject(new Error(String(data)));
    });
    ws.once('error', reject);
  });
  return { ws, closed };
}

describe('ProxyApp', () => {
  it('rotating the secret revokes REST tokens and closes authenticated WebSocket sessions', async () => {
    const app = makeApp();
    try {
      const info = await app.start();
      expect(info.mode).toBe('demo');
      const token = await login(info.url);
      const { closed } = await session(info.url, token);
      await app.auth.rotateSecret();
      expect(await closed).toBeGreaterThan(0);
      const r = await fetch(`${info.url}/api/positions`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(403);
      expect(await login(info.url)).toBeTruthy();
    } finally {
      await app.stop();
    }
  });

  it('stop(): WebSocket clients get 1001, TWS is disconnected, the journal is closed; calling it twice is harmless', async () => {
    const app = makeApp();
    const info = await app.start();
    expect(app.gateway?.getStatus().status).toBe('connected');
    const { closed } = await session(info.url, await login(info.url));
    await Promise.all([app.stop(), app.stop()]);
    expect(await closed).toBe(1001);
    expect(app.gateway?.getStatus().status).toBe('disconnected');
    await expect(fetch(`${info.url}/health`)).rejects.toThrow();
    await app.stop();
    expect(app.running).toBe(false);
  });

  it('a start that fails (port in use) throws and releases what it opened', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as AddressInfo;
    const app = makeApp(port);
    try {
      await expect(app.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(app.running).toBe(false);
      // The journal file handle was closed: the file can be removed and reopened freely.
      await expect(app.journal?.close()).resolves.toBeUndefined();
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
