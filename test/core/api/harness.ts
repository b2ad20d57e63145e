/**
 * Test harness for the local API: boots auth + journal + API server (port 0, 127.0.0.1) on a given gateway, and
 * gives small HTTP and WebSocket clients that wait on conditions with deadlines (never fixed sleeps).
 *
 *   const h = await startApi({ gateway });          // any ApiGateway (real GatewayService or FakeGateway)
 *   const token = await h.login();
 *   const r = await h.http('GET', '/api/orders', { token });
 *   const ws = await h.ws(); await ws.authenticate(token);
 *   await h.close();
 *
 * startRealStack() (realStack.ts) adds the TWS simulator and the real GatewayService.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { AuthService } from '../../../src/core/auth/authService.js';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../../src/core/config/settingsSchema.js';
import type { Settings, SettingsInput } from '../../../src/core/config/settingsSchema.js';
import { createSilentLogger } from '../../../src/core/logging/logger.js';
import type { Logger } from '../../../src/core/logging/logger.js';
import { AesGcmCipher } from '../../../src/core/secrets/aesGcmCipher.js';
import { SecretStore } from '../../../src/core/secrets/secretStore.js';
import { OrdersJournal } from '../../../src/core/journal/ordersJournal.js';
import { createApiServer } from '../../../src/core/api/server.js';
import { OrderService } from '../../../src/core/orders/orderService.js';
import type { ApiServer } from '../../../src/core/api/server.js';
import type { OutboundLimits } from '../../../src/core/api/ws/outbound.js';
import type { SimulatorFaults } from '../../../src/core/console/consoleHost.js';
import { HeadlessConsole, type ConsoleGateway } from '../../../src/core/console/headlessConsole.js';

export const TEST_USER = 'trader';
export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';

export interface ApiHarnessOptions {
  gateway: ConsoleGateway;
  settings?: SettingsInput;
  outbound?: Partial<OutboundLimits>;
  mode?: 'headless' | 'demo' | 'desktop';
  /** Journal folder; a fresh temp dir by default. */
  dataDir?: string;
  /** Demo: the simulator's faults behind the console's route. */
  simulatorFaults?: SimulatorFaults;
  /** The built console to serve on `/` (none by default: `/` then says it is not built). */
  consoleDir?: string;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary JSON
  json: any;
  text: string;
}

export interface ApiHarness {
  server: ApiServer;
  auth: AuthService;
  journal: OrdersJournal;
  /** The order desk the API uses (owned here, as ProxyApp owns it in the app). */
  orders: OrderService;
  /** The web console's host (headless or demo, as ProxyApp makes it). */
  console: HeadlessConsole;
  settings: Settings;
  /** Keeps every line at every level in memory (getRecentLogs), writes nowhere. */
  logger: Logger;
  dataDir: string;
  port: number;
  baseUrl: string;
  wsUrl: string;
  login(): Promise<string>;
  http(method: string, p: string, opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<HttpResult>;
  /** `autoPong: false` makes a client that reads everything but never answers the server's pings. */
  ws(opts?: { headers?: Record<string, string>; autoPong?: boolean }): Promise<TestWs>;
  close(): Promise<void>;
}

export async function startApi(opts: ApiHarnessOptions): Promise<ApiHarness> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-api-'));
  const settings = SettingsSchema.parse({ ...opts.settings, server: { ...DEFAULT_SETTINGS.server, port: 0, ...opts.settings?.server } });
  const logger = createSilentLogger();
  const secrets = new SecretStore(path.join(dataDir, 'secrets.json'), new AesGcmCipher('harness-encryption-key-0123456789'));
  const auth = new AuthService({ secrets, settings, logger, fixedPassword: TEST_PASSWORD, fixedJwtSecret: TEST_JWT_SECRET });
  await auth.init();
  const journal = await OrdersJournal.open({ dir: dataDir });
  const orders = new OrderService({ gateway: opts.gateway, journal, logger });
  const mode = opts.mode ?? 'headless';
  let server: ApiServer | null = null;
  let listening = { port: 0, url: '' };
  const consoleHost = new HeadlessConsole({
    mode: mode === 'demo' ? 'demo' : 'headless',
    version: '0.1.0-test',
    settings,
    settingsSource: path.join(dataDir, '.env'),
    logger,
    auth,
    secretStorage: { available: true, backend: 'aes-256-gcm', warning: null },
    gateway: () => opts.gateway,
    journal: () => journal,
    server: () => ({ host: '127.0.0.1', port: listening.port, listening: listening.port !== 0, url: listening.url }),
    apiStats: () => server?.stats() ?? null,
    ...(opts.simulatorFaults ? { faults: opts.simulatorFaults } : {}),
  });
  server = createApiServer({
    gateway: opts.gateway,
    auth,
    settings,
    logger,
    orders,
    mode,
    version: '0.1.0-test',
    console: consoleHost,
    ...(opts.consoleDir ? { consoleDir: opts.consoleDir } : {}),
    ...(opts.outbound ? { outbound: opts.outbound } : {}),
  });
  const { port } = await server.listen();
  const baseUrl = `http://127.0.0.1:${port}`;
  listening = { port, url: baseUrl };
  consoleHost.start();
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const sockets: TestWs[] = [];
  let token: string | null = null;

  const http = httpClient(baseUrl);

  const api = server;
  return {
    server: api,
    auth,
    journal,
    orders,
    console: consoleHost,
    settings,
    logger,
    dataDir,
    port,
    baseUrl,
    wsUrl,
    http,
    async login() {
      if (token) return token;
      const r = await http('POST', '/api/auth/login', { body: { username: TEST_USER, password: TEST_PASSWORD } });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
      token = r.json.token as string;
      return token;
    },
    async ws(o = {}) {
      const s = await TestWs.open(wsUrl, o.headers, o.autoPong === undefined ? {} : { autoPong: o.autoPong });
      sockets.push(s);
      return s;
    },
    async close() {
      for (const s of sockets) s.terminate();
      await api.close();
      consoleHost.stop();
      orders.close();
      await journal.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON over HTTP to the API at `baseUrl`: a bearer token, a body (JSON or raw), extra headers. */
export function httpClient(baseUrl: string): ApiHarness['http'] {
  return async (method, p, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + p, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: the test asserts on text
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames are arbitrary JSON
export type Frame = { id: string | number; type: string; payload: any; timestamp: string };

/** A WebSocket test client that records every frame and waits on conditions with deadlines. */
export class TestWs {
  readonly frames: Frame[] = [];
  /** Pings received from the server (counted from the first byte, whether or not they are answered). */
  pings = 0;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('ping', () => this.pings++);
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const w of [...this.waiters]) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const w of [...this.waiters]) w();
    }));
  }

  static open(url: string, headers?: Record<string, string>, options: { autoPong?: boolean } = {}): Promise<TestWs> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: headers ?? {}, ...options });
      const t = new TestWs(ws);
      ws.once('open', () => resolve(t));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  /** Resolves with the first recorded frame (from `from`) matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let i = from; i < this.frames.length; i++) {
          const f = this.frames[i]!;
          if (pred(f)) {
            done();
            resolve(f);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for a frame; last types: ${this.frames.slice(-5).map((f) => f.type).join(',')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(w);
      };
      const w = () => void check();
      this.waiters.add(w);
      check();
    });
  }

  /** Sends `{id, type, payload, timestamp}` and waits for the reply carrying the same id. */
  async request(type: string, payload?: unknown, timeoutMs = 10_000): Promise<Frame> {
    const id = randomUUID();
    const from = this.frames.length;
    this.ws.send(JSON.stringify({ id, type, payload, timestamp: Date.now() }));
    return this.waitFor((f) => f.id === id, timeoutMs, from);
  }

  async authenticate(token: string): Promise<Frame> {
    const r = await this.request('authenticate', { token });
    if (r.type !== 'authentication_success') throw new Error(`authenticate failed: ${JSON.stringify(r.payload)}`);
    return r;
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  count(type: string): number {
    return this.frames.filter((f) => f.type === type).length;
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/** Waits for `p` (an event), failing after `ms` on a machine so loaded that it never comes. */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `cond` until true or the deadline passes (for state that has no event). */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
