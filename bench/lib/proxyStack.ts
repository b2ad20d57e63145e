/**
 * The proxy under test, in this process, composed exactly as `npm run serve` composes it: ProxyApp (secret store,
 * auth, orders journal, GatewayService, API server) with headless settings, logging at the default level to a
 * file (as headless mode does; no console, so the tables stay readable).
 *
 * Deviations from the defaults, all for load generation and all stated in bench/README.md:
 * - the REST rate limit is raised to its maximum (100,000 / min), otherwise autocannon measures 429s;
 * - the API binds a free port.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProxyApp } from '../../src/core/app.js';
import { SettingsSchema, type SettingsInput } from '../../src/core/config/settingsSchema.js';
import { GatewayService } from '../../src/core/gateway/index.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { createHeadlessCipher } from '../../src/core/secrets/headlessCipher.js';

export const BENCH_USER = 'trader';
export const BENCH_PASSWORD = 'bench-password-0123';

export interface ProxyStack {
  app: ProxyApp;
  gateway: GatewayService;
  port: number;
  baseUrl: string;
  wsUrl: string;
  dataDir: string;
  token: string;
  stop(): Promise<void>;
}

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startProxy(simPort: number, overrides: SettingsInput = {}): Promise<ProxyStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-bench-'));
  const settings = SettingsSchema.parse({
    ...overrides,
    server: { port: 0, apiRateLimitPerMinute: 100_000, ...overrides.server },
    ibkr: { mode: 'paper', autoConnect: true, ...overrides.ibkr, paper: { host: '127.0.0.1', port: simPort, clientId: 1 } },
  });
  const logger = createLogger({ level: settings.logging.level, file: path.join(dataDir, 'logs', 'app.log'), console: false });
  let gateway: GatewayService | null = null;
  const app = new ProxyApp({
    mode: 'headless',
    settings,
    dataDir,
    logger,
    cipher: createHeadlessCipher({ dataDir, logger, encryptionKey: 'bench-encryption-key-0123456789abcdef' }),
    createGateway: (o) => (gateway = new GatewayService(o)),
    envSecrets: { authPassword: BENCH_PASSWORD },
  });
  const info = await app.start();
  const baseUrl = `http://127.0.0.1:${info.port}`;
  const stop = async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const g = gateway as GatewayService | null;
    if (!g) throw new Error('gateway not created');
    await waitFor(() => g.getStatus().status === 'connected', 20_000, 'the proxy to connect to the simulator');
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD }),
    });
    const body = (await res.json()) as { token?: string };
    if (!body.token) throw new Error(`login failed (${res.status})`);
    return { app, gateway: g, port: info.port, baseUrl, wsUrl: `ws://127.0.0.1:${info.port}/ws`, dataDir, token: body.token, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export { waitFor };
