/**
 * Child process: the load and the measuring instruments on the client side, out of the proxy's process.
 * - `proxyClients`: N WebSocket clients of the proxy, each subscribed to every benchmark symbol;
 * - `directClient`: one @stoqey/ib client straight on the simulator (the baseline), subscribed to the same symbols;
 * - `autocannon`: REST load.
 *
 * Receivers are deliberately cheap: a proxy frame is only JSON-parsed when it carries a VOLUME tick (the ticks the
 * simulator stamps) or when per-symbol tracking is on, so the instrument does not become the bottleneck.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { EventName, IBApi, type Contract } from '@stoqey/ib';
import WebSocket from 'ws';
import { summarize, type Summary } from '../lib/stats.js';
import { now, serveRpc } from '../lib/rpc.js';

interface Receiver {
  name: string;
  /** market-data updates received inside the window */
  count: number;
  /** market-data updates received since the client opened (drain detection between phases) */
  total: number;
  /** "SYMBOL|volume" → receipt time */
  volumeAt: Map<string, number>;
  /** symbol → first receipt time at or after `armedAt` (recovery) */
  firstAfterArm: Map<string, number>;
  close(): void;
}

const VOLUME = 8;
let receivers: Receiver[] = [];
/** VOLUME receipts are matched while recording (the window plus a grace for ticks emitted at its end). */
let recording = false;
let recStart = 0;
/**
 * The window ends on this process's own clock, not when the parent's stopRecording arrives: under overload the
 * IPC request can wait behind a backlog of frames, and the window must not stretch with it.
 */
let countUntil = Infinity;
let matchUntil = Infinity;
let stopTimer: NodeJS.Timeout | null = null;
let armedAt = Infinity;
let trackSymbols = false;

/** Counts one update in the window (ticks arriving after the window are not counted as delivered). */
function countIn(r: Receiver, n: number, t: number): void {
  r.total += n;
  if (recording && t <= countUntil) r.count += n;
}

function onUpdate(r: Receiver, symbol: string, field: number, value: number, t: number): void {
  if (field === VOLUME && recording && t <= matchUntil) r.volumeAt.set(`${symbol}|${value}`, t);
  if (t >= armedAt && !r.firstAfterArm.has(symbol)) r.firstAfterArm.set(symbol, t);
}

interface Update {
  symbol: string;
  field: number;
  value: number;
}

function openProxyClient(url: string, token: string, symbols: string[], batch: boolean, name: string): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    // No UTF-8 validation of every frame: the receivers must not be the bottleneck (the proxy's frames are ASCII JSON).
    const ws = new WebSocket(url, { skipUTF8Validation: true, perMessageDeflate: false });
    const r: Receiver = { name, count: 0, total: 0, volumeAt: new Map(), firstAfterArm: new Map(), close: () => ws.terminate() };
    const timer = setTimeout(() => reject(new Error(`${name}: no subscription confirmation within 30 s`)), 30_000);
    const send = (type: string, payload: unknown) => ws.send(JSON.stringify({ id: randomUUID(), type, payload, timestamp: Date.now() }));
    ws.on('error', (e) => reject(e));
    ws.on('message', (data: Buffer) => {
      const t = now();
      if (data.includes('"type":"marketData"')) {
        countIn(r, 1, t);
        if (trackSymbols || (recording && data.includes('"field":8,'))) {
          const u = (JSON.parse(data.toString()) as { payload: Update }).payload;
          onUpdate(r, u.symbol, u.field, u.value, t);
        }
        return;
      }
      if (data.includes('"type":"marketDataBatch"')) {
        const updates = (JSON.parse(data.toString()) as { payload: { updates: Update[] } }).payload.updates;
        countIn(r, updates.length, t);
        for (const u of updates) onUpdate(r, u.symbol, u.field, u.value, t);
        return;
      }
      const msg = JSON.parse(data.toString()) as { type: string; payload: unknown };
      if (msg.type === 'connection_established') send('authenticate', { token });
      else if (msg.type === 'authentication_success') {
        if (batch) send('set_options', { batchMarketData: true });
        send('subscribe_market_data', { symbols });
      } else if (msg.type === 'subscription_confirmed') {
        clearTimeout(timer);
        resolve(r);
      } else if (msg.type === 'error') {
        const p = msg.payload as { code?: unknown; message?: string };
        if (typeof p.code === 'string' && p.code.startsWith('auth')) reject(new Error(`${name}: ${p.code} ${p.message ?? ''}`));
      }
    });
  });
}

function openDirectClient(port: number, clientId: number, symbols: string[]): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    const api = new IBApi({ host: '127.0.0.1', port, clientId });
    const r: Receiver = { name: 'direct', count: 0, total: 0, volumeAt: new Map(), firstAfterArm: new Map(), close: () => api.disconnect() };
    // The same de-duplication as the proxy (a size repeating its value is not a new tick), so counts compare.
    const last = symbols.map(() => new Float64Array(16).fill(NaN));
    const isSize = (f: number) => f === 0 || f === 3 || f === 5 || f === 8;
    const on = (reqId: number, field: number | undefined, value: number | undefined) => {
      const i = reqId - 1000;
      const sym = symbols[i];
      if (sym === undefined || field === undefined || value === undefined || field > 8) return;
      const row = last[i]!;
      if (isSize(field) && row[field] === value) return;
      row[field] = value;
      const t = now();
      countIn(r, 1, t);
      onUpdate(r, sym, field, value, t);
    };
    api.on(EventName.tickPrice, (reqId: number, field: number, value: number) => on(reqId, field, value));
    api.on(EventName.tickSize, (reqId: number, field: number | undefined, value: number | undefined) => on(reqId, field, value));
    api.on(EventName.error, () => undefined);
    const timer = setTimeout(() => reject(new Error('direct client: not connected within 30 s')), 30_000);
    api.once(EventName.nextValidId, () => {
      clearTimeout(timer);
      symbols.forEach((symbol, i) => {
        const c: Contract = { symbol, secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };
        api.reqMktData(1000 + i, c, '', false, false);
      });
      resolve(r);
    });
    api.connect();
  });
}

interface LatencyReport {
  name: string;
  deliveredPerSec: number;
  latency: Summary;
  matched: number;
  missed: number;
}

/** What a process of receivers reports for one window: per receiver, and every latency sample (pooled by the parent). */
export interface GroupReport {
  receivers: LatencyReport[];
  /** Every matched latency of every receiver of this process, ms. */
  samples: Float64Array;
  count: number;
  missed: number;
  seconds: number;
}

serveRpc(
  {
    async proxyClients(a: { url: string; token: string; symbols: string[]; n: number; batch: boolean; group?: number }) {
      const tag = a.group === undefined ? 'ws' : `ws${a.group}.`;
      const opened = await Promise.all(Array.from({ length: a.n }, (_, i) => openProxyClient(a.url, a.token, a.symbols, a.batch, `${tag}${i + 1}`)));
      receivers.push(...opened);
      return opened.length;
    },
    async directClient(a: { port: number; clientId: number; symbols: string[] }) {
      receivers.push(await openDirectClient(a.port, a.clientId, a.symbols));
      return true;
    },
    closeAll() {
      for (const r of receivers) r.close();
      receivers = [];
      return true;
    },
    /** Closes the first `n` receivers (the ones opened before a reopen). */
    closeFirst(a: { n: number }) {
      for (const r of receivers.slice(0, a.n)) r.close();
      receivers = receivers.slice(a.n);
      return receivers.length;
    },
    /** Updates received so far by every receiver of this process (the parent waits for it to stop moving). */
    received() {
      return receivers.reduce((n, r) => n + r.total, 0);
    },
    startRecording(a: { windowMs: number; graceMs: number }) {
      for (const r of receivers) {
        r.count = 0;
        r.volumeAt = new Map();
      }
      recStart = now();
      countUntil = recStart + a.windowMs;
      matchUntil = countUntil + a.graceMs;
      recording = true;
      if (stopTimer) clearTimeout(stopTimer);
      stopTimer = setTimeout(() => {
        recording = false;
      }, a.windowMs + a.graceMs);
      return recStart;
    },
    /**
     * Ends the window and joins the receipts with the simulator's emits. `emitShift` = (this clock − simulator
     * clock), so an emit time plus the shift is on this process's clock.
     */
    stopRecording(a: { emits: [string, number][]; emitShift: number }): GroupReport {
      recording = false;
      if (stopTimer) clearTimeout(stopTimer);
      stopTimer = null;
      const seconds = (Math.min(now(), countUntil) - recStart) / 1000;
      const all: number[] = [];
      let count = 0;
      let missedAll = 0;
      const reports = receivers.map((r) => {
        const lat: number[] = [];
        let missed = 0;
        for (const [key, te] of a.emits) {
          const tr = r.volumeAt.get(key);
          if (tr === undefined) missed++;
          else lat.push(tr - (te + a.emitShift));
        }
        r.volumeAt = new Map();
        for (const x of lat) all.push(x);
        count += r.count;
        missedAll += missed;
        return { name: r.name, deliveredPerSec: r.count / seconds, latency: summarize(lat), matched: lat.length, missed };
      });
      return { receivers: reports, samples: Float64Array.from(all), count, missed: missedAll, seconds };
    },
    /** Recovery: from `at` (this clock), note each receiver's first tick per symbol. */
    arm(a: { at: number; track: boolean }) {
      trackSymbols = a.track;
      armedAt = a.at;
      for (const r of receivers) r.firstAfterArm = new Map();
      return true;
    },
    armed() {
      return receivers.map((r) => ({ name: r.name, first: [...r.firstAfterArm.entries()] }));
    },
    async autocannon(a: { url: string; path: string; method: string; token?: string; body?: unknown; uniqueIdempotencyKey?: boolean; connections: number; duration: number }) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (a.token) headers.authorization = `Bearer ${a.token}`;
      const body = a.body === undefined ? undefined : JSON.stringify(a.body);
      const result = await autocannon({
        url: a.url,
        connections: a.connections,
        duration: a.duration,
        timeout: 30,
        requests: [
          {
            method: a.method,
            path: a.path,
            headers,
            ...(body !== undefined ? { body } : {}),
            ...(a.uniqueIdempotencyKey ? { setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) } : {}),
          },
        ],
      });
      return {
        rps: result.requests.average,
        total: result.requests.total,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      };
    },
  },
  () => {
    for (const r of receivers) r.close();
  },
);
