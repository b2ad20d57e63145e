/**
 * The sockets the API listens on: the main port (REST + the WebSocket at /ws) and, when WS_PORT is set, a second
 * port that serves only the WebSocket at /ws, as the original proxy did. Plain HTTP, or HTTPS and WSS on both ports
 * when a certificate is configured; reloadTls() swaps the certificate in place (SIGHUP after a renewal) without
 * dropping a connection.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ApiLogger, ApiServerSettings } from './ports.js';
import { loadTlsFiles, type TlsFiles } from './tlsFiles.js';

export interface ListenInfo {
  host: string;
  port: number;
  /** The WebSocket-only port, when WS_PORT is set (and differs from PORT). */
  wsPort?: number;
  /** HTTPS / WSS. */
  secure: boolean;
}

// Slow-loris guard; generous enough for a long TWS connect() behind POST /api/ibkr/connect.
function guardTimeouts(server: http.Server): http.Server {
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  return server;
}

function listenOn(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export class ApiListeners {
  /** REST and WebSocket; the WebSocket hub attaches its upgrade handler here. */
  readonly main: http.Server;
  private readonly wsOnly: http.Server | null;
  private mainPort: number;
  private wsPort: number | undefined;

  constructor(
    app: http.RequestListener,
    private readonly s: ApiServerSettings,
    private readonly logger: ApiLogger,
  ) {
    this.mainPort = s.port;
    const tlsFiles = this.tlsFiles();
    const create = (listener: http.RequestListener) =>
      guardTimeouts(tlsFiles ? https.createServer({ cert: tlsFiles.cert, key: tlsFiles.key }, listener) : http.createServer(listener));
    this.main = create(app);
    const separate = s.wsPort !== undefined && (s.wsPort === 0 || s.wsPort !== s.port);
    this.wsOnly = separate ? create(this.notTheApi) : null;
    // The same hub serves both ports: an upgrade on the WebSocket port is handed to the main server's handler.
    this.wsOnly?.on('upgrade', (req, socket, head) => this.main.emit('upgrade', req, socket, head));
  }

  get secure(): boolean {
    return this.s.tlsCertFile !== undefined;
  }

  /** The bound ports (after listen()): what a Host header may name. */
  ports(): number[] {
    return this.wsPort === undefined ? [this.mainPort] : [this.mainPort, this.wsPort];
  }

  apiPort(): number {
    return this.mainPort;
  }

  async listen(): Promise<ListenInfo> {
    const { host } = this.s;
    this.mainPort = await listenOn(this.main, this.s.port, host);
    if (this.wsOnly) this.wsPort = await listenOn(this.wsOnly, this.s.wsPort as number, host);
    return { host, port: this.mainPort, ...(this.wsPort !== undefined ? { wsPort: this.wsPort } : {}), secure: this.secure };
  }

  close(): Promise<void> {
    return Promise.all([closeServer(this.main), this.wsOnly ? closeServer(this.wsOnly) : undefined]).then(() => undefined);
  }

  /** Re-reads TLS_CERT_FILE and TLS_KEY_FILE (after a renewal): new handshakes get the new certificate. */
  reloadTls(): boolean {
    const files = this.tlsFiles();
    if (!files) return false;
    for (const server of [this.main, this.wsOnly]) (server as https.Server | null)?.setSecureContext({ cert: files.cert, key: files.key });
    return true;
  }

  private tlsFiles(): TlsFiles | null {
    const { tlsCertFile, tlsKeyFile } = this.s;
    if (tlsCertFile === undefined || tlsKeyFile === undefined) return null;
    const files = loadTlsFiles(tlsCertFile, tlsKeyFile);
    if (files.expired) this.logger.warn(`The TLS certificate has expired (${files.describe}); browsers will refuse it.`);
    else this.logger.info(`TLS certificate: ${files.describe}.`);
    return files;
  }

  private readonly notTheApi: http.RequestListener = (_req, res) => {
    const body = JSON.stringify({ success: false, message: `This port serves only the WebSocket at /ws; the REST API is on port ${this.mainPort}.` });
    res.writeHead(426, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), upgrade: 'websocket' });
    res.end(body);
  };
}
