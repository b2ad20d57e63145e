/**
 * The whole ProxyApp (secret store, auth, orders journal, gateway, order desk, API) on a data folder of the test's
 * choosing, connected to a simulator started by the test (startSim), so a test can stop it and start it again on
 * the same folder against the same TWS, as a real restart does.
 *
 *   const p = await startProxy({ simPort, dataDir, authPassword: 'correct horse battery' });
 *   const token = (await p.login('correct horse battery')).token;
 *   await p.stop();               // or stopAllProxies() in afterEach
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ProxyApp, type ProxyStartInfo } from '../../../src/core/app.js';
import { parseSettings } from '../../../src/core/config/validateSettings.js';
import { GatewayService } from '../../../src/core/gateway/index.js';
import { createSilentLogger, type Logger } from '../../../src/core/logging/logger.js';
import { AesGcmCipher } from '../../../src/core/secrets/aesGcmCipher.js';
import { httpClient, TestWs, type ApiHarness } from '../api/harness.js';
import type { TwsSimulator } from '../../../src/simulator/index.js';
import { startSim, waitFor } from '../gateway/helpers.js';

const KEY = 'proxy-harness-encryption-key-0123456789';
const running = new Set<ProxyApp>();
const folders: string[] = [];

export interface RunningProxy {
  app: ProxyApp;
  info: ProxyStartInfo;
  logger: Logger;
  http: ApiHarness['http'];
  login(password: string): Promise<{ status: number; token?: string }>;
  ws(): Promise<TestWs>;
  stop(): Promise<void>;
}

export interface ProxyOptions {
  simPort: number;
  dataDir: string;
  resetAccessToken?: boolean;
  authPassword?: string;
  jwtSecret?: string;
}

/** A fresh data folder path (not created: the app creates it), removed by removeDataFolders(). */
export function dataFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-app-'));
  folders.push(root);
  return path.join(root, 'data');
}

/** Starts the app and waits until it is connected to the simulator. */
export async function startProxy(o: ProxyOptions): Promise<RunningProxy> {
  const logger = createSilentLogger();
  const settings = parseSettings({
    server: { port: 0 },
    ibkr: { mode: 'paper', paper: { host: '127.0.0.1', port: o.simPort, clientId: 21 }, autoConnect: true, reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 } },
  });
  const app = new ProxyApp({
    mode: 'headless',
    settings,
    dataDir: o.dataDir,
    logger,
    cipher: new AesGcmCipher(KEY),
    createGateway: (options) => new GatewayService(options),
    envSecrets: { ...(o.authPassword ? { authPassword: o.authPassword } : {}), ...(o.jwtSecret ? { jwtSecret: o.jwtSecret } : {}) },
    ...(o.resetAccessToken ? { resetAccessToken: true } : {}),
  });
  running.add(app);
  const info = await app.start();
  await waitFor(() => app.gateway?.getStatus().status === 'connected', 'the proxy connected to the simulator');
  const http = httpClient(info.url);
  return {
    app,
    info,
    logger,
    http,
    async login(password) {
      const r = await http('POST', '/api/auth/login', { body: { username: 'trader', password } });
      return { status: r.status, ...(r.status === 200 ? { token: r.json.token as string } : {}) };
    },
    ws: () => TestWs.open(`${info.url.replace('http', 'ws')}/ws`),
    async stop() {
      running.delete(app);
      await app.stop();
    },
  };
}

/** Stops every app still running (afterEach). */
export async function stopAllProxies(): Promise<void> {
  for (const app of [...running]) {
    running.delete(app);
    await app.stop();
  }
}

/** Removes the data folders made by dataFolder() (afterAll). */
export function removeDataFolders(): void {
  for (const d of folders.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * The hooks of a test file of restarts: one simulator for the file (TWS outlives the proxy), every proxy stopped
 * after each test, the data folders removed at the end.
 */
export function oneSimulatorForTheFile(): { sim(): TwsSimulator; port(): number } {
  let sim: TwsSimulator | undefined;
  let port = 0;
  beforeAll(async () => {
    ({ sim, port } = await startSim());
  });
  afterEach(stopAllProxies);
  afterAll(async () => {
    await sim?.stop();
    removeDataFolders();
  });
  return { sim: () => sim!, port: () => port };
}
