/**
 * Child process: the load and the measuring instruments on the client side, out of the proxy's process.
 * - `proxyClients`: N WebSocket clients of the proxy, each subscribed to every benchmark symbol;
 * - `directClient`: one @stoqey/ib client straight on the simulator (the baseline), subscribed to the same symbols;
 * - `autocannon`: REST load.
 *
 * Receivers are deliberately cheap: a proxy frame is only JSON-parsed when it carries a VOLUME tick (the ticks the
 * simulator stamps) or when per-symbol tracking is on, so the instrument does not become the bottleneck.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import autocannon from 'autocannon';
import { openIbTicks } from '../lib/ibTicks.js';
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

/** A masked client → server frame (RFC 6455 §5.3). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65_536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65_536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = randomBytes(4);
  mask.copy(out, head);
  for (let i = 0; i < len; i++) out[head + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return out;
}

/**
 * One WebSocket client of the proxy: a minimal RFC 6455 client (HTTP upgrade, masked frames out, pings answered)
 * that walks the server's frames in each TCP chunk itself. It replaces the `ws` client here because at 50k ticks/s
 * the 10 clients receive 500k frames/s, and ws's per-message machinery (a Writable per socket, one Buffer and one
 * event per message) made the receivers, not the proxy, the first thing to saturate a 2-core machine. The proxy
 * never fragments or compresses frames; a fragmented frame closes this client loudly rather than being misread.
 */
function openProxyClient(url: string, token: string, symbols: string[], batch: boolean, name: string): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') },
    });
    let socket: net.Socket | null = null;
    const r: Receiver = { name, count: 0, total: 0, volumeAt: new Map(), firstAfterArm: new Map(), close: () => (socket ? socket.destroy() : req.destroy()) };
    const timer = setTimeout(() => {
      r.close();
      reject(new Error(`${name}: no subscription confirmation within 30 s`));
    }, 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e);
    };
    req.on('error', fail);
    req.on('response', (res) => fail(new Error(`${name}: WebSocket upgrade refused (${res.statusCode ?? '?'})`)));
    req.on('upgrade', (_res, s: net.Socket, head: Buffer) => {
      socket = s;
      s.setNoDelay(true);
      s.on('error', () => undefined);
      const send = (type: string, payload: unknown) => s.write(clientFrame(1, Buffer.from(JSON.stringify({ id: randomUUID(), type, payload, timestamp: Date.now() }))));
      const onMessage = (data: Buffer, t: number) => {
        if (data.includes('"type":"marketData"')) {
          countIn(r, 1, t);
          if (trackSymbols || (recording && data.includes('"field":8,'))) {
            const up = (JSON.parse(data.toString('latin1')) as { payload: Update }).payload;
            onUpdate(r, up.symbol, up.field, up.value, t);
          }
          return;
        }
        if (data.includes('"type":"marketDataBatch"')) {
          const updates = (JSON.parse(data.toString()) as { payload: { updates: Update[] } }).payload.updates;
          countIn(r, updates.length, t);
          for (const x of updates) onUpdate(r, x.symbol, x.field, x.value, t);
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
          if (typeof p.code === 'string' && p.code.startsWith('auth')) fail(new Error(`${name}: ${p.code} ${p.message ?? ''}`));
        }
      };
      let buf: Buffer = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        const t = now();
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        let pos = 0;
        while (buf.length - pos >= 2) {
          const b0 = buf[pos]!;
          let len = buf[pos + 1]! & 0x7f;
          let hdr = 2;
          if (len === 126) {
            if (buf.length - pos < 4) break;
            len = buf.readUInt16BE(pos + 2);
            hdr = 4;
          } else if (len === 127) {
            if (buf.length - pos < 10) break;
            len = Number(buf.readBigUInt64BE(pos + 2));
            hdr = 10;
          }
          if (buf.length - pos < hdr + len) break;
          const start = pos + hdr;
          pos = start + len;
          const opcode = b0 & 0x0f;
          if ((b0 & 0x80) === 0 || opcode === 0) {
            process.stderr.write(`${name}: fragmented WebSocket frame, closing\n`);
            s.destroy();
            return;
          }
          if (opcode === 1) onMessage(buf.subarray(start, pos), t);
          else if (opcode === 9) s.write(clientFrame(10, buf.subarray(start, pos)));
          else if (opcode === 8) {
            s.destroy();
            return;
          }
        }
        buf = pos >= buf.length ? Buffer.alloc(0) : buf.subarray(pos);
      };
      s.on('data', onData);
      if (head.length) onData(head);
    });
    req.end();
  });
}

async function openDirectClient(port: number, clientId: number, symbols: string[]): Promise<Receiver> {
  const r: Receiver = { name: 'direct', count: 0, total: 0, volumeAt: new Map(), firstAfterArm: new Map(), close: () => undefined };
  const api = await openIbTicks({ port, clientId, symbols, name: 'direct client' }, (sym, field, value) => {
    const t = now();
    countIn(r, 1, t);
    onUpdate(r, sym, field, value, t);
  });
  r.close = () => api.disconnect();
  return r;
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
