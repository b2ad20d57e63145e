/**
 * What a frontend (or an attacker's page) does against a running proxy, over http:// or https://, with any Host
 * and Origin header: requests, the login, and an authenticated WebSocket session.
 */
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';

export interface Target {
  /** http(s)://127.0.0.1:port: where the TCP connection goes. */
  url: string;
  /** The Host header (defaults to the URL's). */
  host?: string;
  /** Trusted certificate (PEM) and the name to verify it against, for https. */
  ca?: string;
  servername?: string;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** SHA-256 fingerprint of the server's certificate (https only). */
  certificate?: string;
}

export function request(t: Target, opts: { method?: string; path: string; headers?: Record<string, string>; body?: unknown }): Promise<Reply> {
  const url = new URL(opts.path, t.url);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers = { ...(t.host ? { host: t.host } : {}), ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  const base = { method: opts.method ?? 'GET', headers, agent: false as const };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep text
        }
        const certificate = url.protocol === 'https:' ? (res.socket as TLSSocket).getPeerCertificate().fingerprint256 : undefined;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ...(certificate ? { certificate } : {}) });
      });
    };
    const req =
      url.protocol === 'https:'
        ? https.request(url, { ...base, ...(t.ca ? { ca: t.ca } : {}), ...(t.servername ? { servername: t.servername } : {}) }, onResponse)
        : http.request(url, base, onResponse);
    req.on('error', reject);
    req.end(payload);
  });
}

export async function login(t: Target, password: string, username = 'trader'): Promise<string> {
  const r = await request(t, { method: 'POST', path: '/api/auth/login', body: { username, password } });
  if (r.status !== 200) throw new Error(`login: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { token: string }).token;
}

function socket(t: Target, opts: { origin?: string } = {}): WebSocket {
  return new WebSocket(`${t.url.replace(/^http/, 'ws')}/ws`, {
    ...(t.host ? { headers: { host: t.host } } : {}),
    ...(opts.origin ? { origin: opts.origin } : {}),
    ...(t.ca ? { ca: t.ca } : {}),
    ...(t.servername ? { servername: t.servername } : {}),
  });
}

function opened(ws: WebSocket): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Opens ws(s)://…/ws with the target's Host and trust; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(t: Target, opts: { origin?: string } = {}): Promise<WebSocket> {
  return opened(socket(t, opts));
}

/** An authenticated WebSocket session; resolves once the server confirmed the token. */
export async function session(t: Target, token: string): Promise<WebSocket> {
  const ws = socket(t);
  // Listening before the upgrade completes: the greeting can arrive in the same packet as the upgrade reply.
  const authenticated = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string };
      if (frame.type === 'connection_established') ws.send(JSON.stringify({ id: 'a1', type: 'authenticate', payload: { token } }));
      if (frame.type === 'authentication_success') resolve();
      if (frame.type === 'error') reject(new Error(String(data)));
    });
  });
  await opened(ws);
  await authenticated;
  return ws;
}
