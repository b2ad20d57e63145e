/**
 * The client as most callers want it: one login shared by a REST client and a WebSocket client.
 *
 *   import WebSocket from 'ws';  // Node only; browsers have their own
 *   const proxy = new ProxyClient({
 *     baseUrl: 'http://127.0.0.1:3001',
 *     credentials: { username: 'trader', password: '<access token>' },
 *     WebSocket,
 *   });
 *   await proxy.ws.connect();
 */
import { TokenSource } from './auth/tokenSource.js';
import type { AuthOptions } from './auth/tokenSource.js';
import { HttpTransport } from './rest/httpTransport.js';
import type { HttpOptions } from './rest/httpTransport.js';
import { ProxyRestClient } from './rest/restClient.js';
import { ProxyWsClient } from './ws/wsClient.js';
import type { WsClientOptions } from './ws/wsClient.js';

export interface ProxyClientOptions extends AuthOptions, Omit<HttpOptions, 'timeoutMs'>, Omit<WsClientOptions, 'url'> {
  /** The proxy's HTTP address, e.g. http://127.0.0.1:3001. */
  baseUrl: string;
  /** The WebSocket address; by default baseUrl with ws(s):// and /ws. */
  wsUrl?: string;
}

/** ws://host:port/ws for http://host:port (wss:// for https://). */
export function defaultWsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/^http/i, 'ws')}/ws`;
}

export class ProxyClient {
  readonly rest: ProxyRestClient;
  readonly ws: ProxyWsClient;
  /** The login both sides share. */
  readonly tokens: TokenSource;

  constructor(options: ProxyClientOptions) {
    // The token source logs in through the transport, which asks the token source for tokens.
    let http: HttpTransport | null = null;
    this.tokens = new TokenSource(options, (credentials) => http!.call('login', { body: credentials }));
    http = new HttpTransport({ ...options, ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}) }, this.tokens);
    this.rest = new ProxyRestClient(http, this.tokens);
    this.ws = new ProxyWsClient({ ...options, url: options.wsUrl ?? defaultWsUrl(options.baseUrl) }, this.tokens);
  }

  /** Closes the WebSocket for good (REST calls need no closing). */
  close(): void {
    this.ws.close();
  }
}
