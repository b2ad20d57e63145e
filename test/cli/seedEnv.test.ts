/**
 * The original proxy's example .env (test/cli/fixtures/seed.env, verbatim from its README) with this machine's
 * values: the ports, and TWS = the simulator. It must start a working proxy: connected with the paper connection's
 * client id, the WebSocket on PORT and on WS_PORT, CORS_ORIGIN as the allowed origin, the example secrets not
 * used (warned about), and refused when NODE_ENV is production.
 */
import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwsSimulator } from '../../src/simulator/index.js';
import { tradingClock } from '../support/tradingClock.js';
import { login, openSocket, request, session, type Target } from '../support/apiClient.js';
import { cleanup, freePort, scratchDir, spawnProxy, waitFor, waitForBanner, type ProxyProcess } from './spawnProxy.js';

const SEED_ENV = fs.readFileSync(new URL('./fixtures/seed.env', import.meta.url), 'utf8');


/** The seed's file with some keys set to this machine's values (and optional lines added at the end). */
function seedEnv(values: Record<string, string>, extra = ''): string {
  let text = SEED_ENV;
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key}=.*$`, 'm');
    if (!line.test(text)) throw new Error(`the seed .env has no ${key}`);
    text = text.replace(line, `${key}=${value}`);
  }
  return `${text}\n${extra}`;
}

let sim: TwsSimulator;
let simPort = 0;

beforeAll(async () => {
  sim = new TwsSimulator({ clock: tradingClock(), backgroundTicksPerSecond: 0 });
  simPort = await sim.start(0, '127.0.0.1');
});
afterAll(() => sim.stop());

function startWith(envFile: string): ProxyProcess {
  const dir = scratchDir();
  fs.writeFileSync(path.join(dir, '.env'), envFile);
  return spawnProxy('serve', { dir, env: { LOG_FILE: '' } });
}

describe("the original proxy's example .env", () => {
  let p: ProxyProcess;
  let api: Target;
  let wsPort = 0;
  let token = '';

  beforeAll(async () => {
    wsPort = await freePort();
    p = startWith(seedEnv({ PORT: String(await freePort()), IBKR_PORT: String(simPort), IBKR_PAPER_PORT: String(simPort), WS_PORT: String(wsPort) }));
    const banner = await waitForBanner(p);
    api = { url: banner.url };
    token = await login(api, banner.token ?? '');
  });
  afterAll(() => cleanup(p));

  it('starts, connects to TWS with the paper connection (IBKR_PAPER_CLIENT_ID=2), and knows every key', async () => {
    await waitFor('TWS connected', () => p.stdout().includes('Connected to TWS'), p);
    const health = (await request(api, { path: '/health' })).body as { ibkr: { connected: boolean } };
    expect(health.ibkr.connected).toBe(true);
    expect(sim.connectedClients().map((c) => c.clientId)).toContain(2);
    const out = p.stdout() + p.stderr();
    expect(out).not.toContain('Unknown key');
    // The seed keys name the live connection; the log says which one the proxy uses.
    expect(out).toContain('IBKR_HOST, IBKR_PORT, IBKR_CLIENT_ID set the live connection');
  });

  it('the example secrets are not used: a token signed with the example JWT_SECRET is refused', async () => {
    const out = p.stdout() + p.stderr();
    expect(out).toContain('JWT_SECRET is the example value from the original README');
    expect(out).toContain('ENCRYPTION_KEY is the example value from the original README');
    const forged = jwt.sign({ username: 'trader' }, 'your-super-secret-jwt-key', {
      subject: 'trader',
      issuer: 'edgerunner-ibkr-proxy',
      audience: 'edgerunner-local-api',
      expiresIn: 600,
    });
    expect((await request(api, { path: '/api/connection-health', headers: { authorization: `Bearer ${forged}` } })).status).toBe(403);
    expect((await request(api, { path: '/api/connection-health', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('the WebSocket is served at ws://HOST:PORT/ws and at ws://HOST:WS_PORT/ws', async () => {
    expect(p.stdout()).toContain(`/ws and ws://127.0.0.1:${wsPort}/ws`);
    (await session(api, token)).close();
    (await session({ url: `http://127.0.0.1:${wsPort}` }, token)).close();
  });

  it('CORS_ORIGIN is the allowed origin (and replaces the default list)', async () => {
    const ok = await request(api, { path: '/health', headers: { origin: 'http://localhost:5173' } });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect((await request(api, { path: '/health', headers: { origin: 'http://localhost:3000' } })).status).toBe(403);
    await expect(openSocket({ url: `http://127.0.0.1:${wsPort}` }, { origin: 'http://localhost:3000' })).rejects.toThrow('upgrade refused: 403');
  });
});

describe("the original proxy's .env, other cases", () => {
  it('IBKR_MODE=live uses IBKR_HOST / IBKR_PORT / IBKR_CLIENT_ID', async () => {
    const p = startWith(seedEnv({ PORT: '0', IBKR_PORT: String(simPort), IBKR_CLIENT_ID: '17', WS_PORT: '0' }, 'IBKR_MODE=live\n'));
    try {
      await waitForBanner(p);
      await waitFor('TWS connected', () => p.stdout().includes(`Connected to TWS at 127.0.0.1:${simPort} (client id 17)`), p);
      expect(p.stdout()).not.toContain('set the live connection');
    } finally {
      cleanup(p);
    }
  });

  it('NODE_ENV=production refuses the example secrets: exit 2, one sentence', async () => {
    const p = startWith(seedEnv({ PORT: '0', NODE_ENV: 'production', WS_PORT: '0' }));
    try {
      expect(await p.exited).toBe(2);
      expect(p.stderr().trim()).toBe('ENCRYPTION_KEY must be your own secret when NODE_ENV is production, not the example value from the original README.');
    } finally {
      cleanup(p);
    }
  });

  it('an old and a new key with different values: exit 2, one sentence naming both', async () => {
    const p = startWith(seedEnv({ PORT: '0', WS_PORT: '0' }, 'IBKR_LIVE_PORT=4001\n'));
    try {
      expect(await p.exited).toBe(2);
      expect(p.stderr().trim()).toBe(`IBKR_PORT (the original proxy's name) and IBKR_LIVE_PORT set the same setting to different values ("7497" and "4001"); keep one of them.`);
    } finally {
      cleanup(p);
    }
  });
});
