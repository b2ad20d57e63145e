/**
 * The real ProxyApp for the web console's tests, in-process, on the TWS simulator: the HTTP + WebSocket API with
 * the console's host (HeadlessConsole for headless and demo, as `npm run serve` / `npm run demo` make it), the
 * launch codes on a clock the test moves, and the same small HTTP / WebSocket clients as harness.ts.
 *
 *   const c = await startConsoleApp({ mode: 'demo', faults: true });
 *   const token = await c.login();
 *   const r = await c.http('GET', '/api/admin/status', { token });
 *   await c.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProxyApp, type ProxyStartInfo } from '../../../src/core/app.js';
import { parseSettings } from '../../../src/core/config/validateSettings.js';
import type { SimulatorFaults } from '../../../src/core/console/consoleHost.js';
import { GatewayService } from '../../../src/core/gateway/index.js';
import { createSilentLogger, type Logger } from '../../../src/core/logging/logger.js';
import { AesGcmCipher } from '../../../src/core/secrets/aesGcmCipher.js';
import { DEMO_RESTART_DOWN_MS } from '../../../src/common/demoFaults.js';
import { TwsSimulator, setOffNamedFault } from '../../../src/simulator/index.js';
import { tradingClock } from '../../support/tradingClock.js';
import { TestWs, httpClient, until, type ApiHarness } from './harness.js';

export interface ConsoleAppOptions {
  mode: 'headless' | 'demo';
  /** Demo: the simulator's faults behind POST /api/admin/demo/faults, as npm run demo hands them in. */
  faults?: boolean;
  /** The built console served on `/`. */
  consoleDir?: string;
}

export interface ConsoleApp {
  app: ProxyApp;
  info: ProxyStartInfo;
  sim: TwsSimulator;
  logger: Logger;
  /** The launch codes' clock: move it forward with `clock.advance(ms)`. */
  clock: { now: number; advance(ms: number): void };
  http: ApiHarness['http'];
  /** Logs in with the access token printed at start (access-token mode, as a first start of npm run serve). */
  login(): Promise<string>;
  ws(headers?: Record<string, string>): Promise<TestWs>;
  close(): Promise<void>;
}

export async function startConsoleApp(o: ConsoleAppOptions): Promise<ConsoleApp> {
  const sim = new TwsSimulator({ clock: tradingClock(), seed: 3 });
  const simPort = await sim.start(0, '127.0.0.1');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-console-'));
  const logger = createSilentLogger();
  const clock = { now: Date.UTC(2026, 10, 27, 15, 0), advance: (ms: number) => void (clock.now += ms) };
  const faults: SimulatorFaults = { simulate: async (fault) => setOffNamedFault(sim, fault, DEMO_RESTART_DOWN_MS, () => undefined) };
  const app = new ProxyApp({
    mode: o.mode,
    settings: parseSettings({ server: { port: 0 }, ibkr: { mode: 'paper', paper: { port: simPort, clientId: 7 }, autoConnect: true } }),
    dataDir,
    logger,
    cipher: new AesGcmCipher('console-test-encryption-key-0123456789'),
    createGateway: (options) => new GatewayService({ ...options, reconnect: { initialDelayMs: 200, maxDelayMs: 1_000 } }),
    settingsSource: path.join(dataDir, '.env'),
    now: () => clock.now,
    ...(o.faults ? { simulatorFaults: faults } : {}),
    ...(o.consoleDir ? { consoleDir: o.consoleDir } : {}),
  });
  const info = await app.start();
  // Demo awaits its connection in start(); headless connects in the background.
  await until(() => app.gateway?.getStatus().status === 'connected', 15_000, 'the connection to the simulator');
  const http = httpClient(info.url);
  const sockets: TestWs[] = [];
  let token: string | null = null;
  return {
    app,
    info,
    sim,
    logger,
    clock,
    http,
    async login() {
      if (token) return token;
      const r = await http('POST', '/api/auth/login', { body: { username: info.username, password: info.generatedAccessToken } });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
      token = r.json.token as string;
      return token;
    },
    async ws(headers) {
      const s = await TestWs.open(`${info.url.replace('http', 'ws')}/ws`, headers);
      sockets.push(s);
      return s;
    },
    async close() {
      for (const s of sockets) s.terminate();
      await app.stop();
      await sim.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
