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
import type { IBApi } from '@stoqey/ib';
import { encodeTextFrame } from '../../src/core/api/ws/wsFrame.js';
import { openIbTicks } from '../lib/ibTicks.js';
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

serveRpc(
  {
    async start(a: { simPort: number; clientId: number; symbols: string[] }) {
      const port = await listen();
      api = await openIbTicks({ port: a.simPort, clientId: a.clientId, symbols: a.symbols, name: 'relay' }, push);
      return { wsUrl: `ws://127.0.0.1:${port}/ws` };
    },
  },
  () => {
    api?.disconnect();
    for (const s of sockets) s.destroy();
    server?.close();
  },
);
