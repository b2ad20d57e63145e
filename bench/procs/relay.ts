/**
 * Child process: the bare relay, the reference for "what one more hop costs on this machine". It does the least a
 * bridge must do to put TWS ticks in a browser: one @stoqey/ib client on the simulator (like the direct client),
 * and per tick one JSON message in the contract's `marketData` envelope, framed once and written to each WebSocket
 * client once per chunk read from TWS (a microtask after the decode, the proxy's own write policy). No
 * authentication, no gateway state, no subscription routing, no backpressure: everything the proxy adds over this
 * is its features, everything this adds over the direct client is the hop (decode, JSON, framing, the second
 * loopback write, waking another process, the receivers' share of two cores).
 *
 * The receivers speak to it exactly as to the proxy: it answers the handshake they use (connection_established,
 * authentication_success for any token, subscription_confirmed) and streams every symbol to every client.
 */
import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EventName, IBApi, type Contract } from '@stoqey/ib';
import { encodeTextFrame } from '../../src/core/api/ws/wsFrame.js';
import { serveRpc } from '../lib/rpc.js';

let api: IBApi | null = null;
let server: http.Server | null = null;
const sockets = new Set<net.Socket>();
let cycle: Buffer[] = [];
let scheduled = false;
let seq = 0;

const flush = (): void => {
  scheduled = false;
  const bytes = cycle.length === 1 ? cycle[0]! : Buffer.concat(cycle);
  cycle = [];
  for (const s of sockets) s.write(bytes);
};

function push(symbol: string, field: number, value: number): void {
  if (sockets.size === 0) return;
  const ts = new Date().toISOString();
  // The contract's envelope, the same fields as the proxy's frames; a counter id keeps the size close to a uuid's.
  const id = `00000000-0000-4000-8000-${(seq++).toString(16).padStart(12, '0')}`;
  cycle.push(encodeTextFrame(`{"id":"${id}","type":"marketData","payload":{"symbol":${JSON.stringify(symbol)},"field":${field},"value":${value},"timestamp":"${ts}"},"timestamp":"${ts}"}`));
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(flush);
  }
}

const control = (ws: WebSocket, type: string, payload: unknown) => ws.send(JSON.stringify({ id: `c${seq++}`, type, payload, timestamp: new Date().toISOString() }));

function listen(): Promise<number> {
  const srv = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  srv.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  wss.on('connection', (ws: WebSocket) => {
    // The upgrade's socket: ticks are written to it directly, as the proxy does (no per-message `ws` machinery).
    const raw = (ws as unknown as { _socket: net.Socket })._socket;
    raw.setNoDelay(true);
    control(ws, 'connection_established', {});
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type?: string };
      if (msg.type === 'authenticate') control(ws, 'authentication_success', {});
      else if (msg.type === 'subscribe_market_data') {
        control(ws, 'subscription_confirmed', {});
        sockets.add(raw);
      }
    });
    ws.on('close', () => sockets.delete(raw));
    ws.on('error', () => undefined);
  });
  server = srv;
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve((srv.address() as AddressInfo).port)));
}

function connect(port: number, clientId: number, symbols: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const ib = new IBApi({ host: '127.0.0.1', port, clientId });
    api = ib;
    // The proxy's rule: a size repeating its value is not a new tick; fields past HIGH/LOW/VOLUME are not forwarded.
    const last = symbols.map(() => new Float64Array(16).fill(NaN));
    const isSize = (f: number) => f === 0 || f === 3 || f === 5 || f === 8;
    const on = (reqId: number, field: number | undefined, value: number | undefined) => {
      const i = reqId - 1000;
      const sym = symbols[i];
      if (sym === undefined || field === undefined || value === undefined || field > 8 || !Number.isFinite(value)) return;
      const row = last[i]!;
      if (isSize(field) && row[field] === value) return;
      row[field] = value;
      push(sym, field, value);
    };
    ib.on(EventName.tickPrice, (reqId: number, field: number, value: number) => on(reqId, field, value));
    ib.on(EventName.tickSize, (reqId: number, field: number | undefined, value: number | undefined) => on(reqId, field, value));
    ib.on(EventName.error, () => undefined);
    const timer = setTimeout(() => reject(new Error('relay: not connected within 30 s')), 30_000);
    ib.once(EventName.nextValidId, () => {
      clearTimeout(timer);
      symbols.forEach((symbol, i) => {
        const c: Contract = { symbol, secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };
        ib.reqMktData(1000 + i, c, '', false, false);
      });
      resolve();
    });
    ib.connect();
  });
}

serveRpc(
  {
    async start(a: { simPort: number; clientId: number; symbols: string[] }) {
      const port = await listen();
      await connect(a.simPort, a.clientId, a.symbols);
      return { wsUrl: `ws://127.0.0.1:${port}/ws` };
    },
  },
  () => {
    api?.disconnect();
    for (const s of sockets) s.destroy();
    server?.close();
  },
);
