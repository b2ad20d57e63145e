/**
 * The client's connection to the proxy's WebSocket, kept alive for as long as the client runs:
 *
 *  - opens the socket and authenticates it within `openTimeoutMs` (the proxy closes sockets that do not);
 *  - re-authenticates on the same socket before the token expires (the proxy ends the session at its expiry with
 *    1008 "token expired" otherwise), with a token from the TokenSource, which logs in again when it can;
 *  - notices a proxy that went silent (no frame for `heartbeatIntervalMs` → a ping; none for the timeout after it
 *    → the socket is given up);
 *  - reconnects with exponential backoff and jitter after any loss, and gives up for good only when the login
 *    itself is refused (wrong credentials, a fixed token that expired).
 *
 * Requests (authenticate included) go through the RequestQueue, so they respect the proxy's limits too.
 */
import { backoffDelay } from '../backoff.js';
import type { BackoffOptions } from '../backoff.js';
import type { TokenSource } from '../auth/tokenSource.js';
import { ProxyApiError, ProxyConnectionError, ProxyProtocolError, ProxyTimeoutError, isApiError } from '../errors.js';
import type { ProxyClientError } from '../errors.js';
import { cancelTimer, startTimer } from '../runtime.js';
import type { TimerHandle } from '../runtime.js';
import { parseServerFrame } from './protocol.js';
import type { ServerFrame } from './protocol.js';
import type { Outlet, RequestQueue } from './requestQueue.js';
import { OPEN } from './socket.js';
import type { WebSocketConstructor, WebSocketLike } from './socket.js';

export type WsClientState = 'idle' | 'connecting' | 'authenticating' | 'open' | 'reconnecting' | 'closed';

export interface DisconnectInfo {
  code: number;
  reason: string;
  willReconnect: boolean;
}

export interface ConnectionOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  requestTimeoutMs: number;
  /** From creating the socket to an authenticated session. Default 10 000 ms. */
  openTimeoutMs?: number;
  /** Quiet time after which the client pings the proxy; 0 turns the check off. Default 20 000 ms. */
  heartbeatIntervalMs?: number;
  /** How long after that ping the proxy may stay silent before the socket is given up. Default 10 000 ms. */
  heartbeatTimeoutMs?: number;
  /** Reconnect delays. */
  reconnect?: BackoffOptions;
}

export interface ConnectionHooks {
  frame(frame: ServerFrame): void;
  /** An authenticated session began; `reconnect` for every session after the first. */
  sessionOpened(reconnect: boolean): void;
  socketLost(info: DisconnectInfo): void;
  stateChanged(state: WsClientState, previous: WsClientState): void;
  reauthenticated(): void;
  /** Something went wrong outside any call (a failed renewal, an unreadable frame); the client carries on. */
  problem(error: ProxyClientError): void;
  /** The client cannot go on (its login is refused). */
  fatal(error: ProxyClientError): void;
}

/** Refused logins in a row (with a fresh token each time) before the client stops trying. */
const MAX_AUTH_FAILURES = 3;
/** Close codes the client uses for sockets it gives up (browsers accept only 1000 and 3000-4999). */
const GAVE_UP = { openTimeout: 4000, authFailed: 4001, silent: 4002 } as const;

export class Connection implements Outlet {
  private socket: WebSocketLike | null = null;
  private sessionOpen = false;
  private _state: WsClientState = 'idle';
  private attempt = 0;
  private authFailures = 0;
  private everOpened = false;
  private lastFrameAt = 0;
  private pinging = false;
  private timers: { reconnect: TimerHandle | null; open: TimerHandle | null; renew: TimerHandle | null; heartbeat: TimerHandle | null } = {
    reconnect: null,
    open: null,
    renew: null,
    heartbeat: null,
  };
  private queue!: RequestQueue;

  constructor(
    private readonly opts: ConnectionOptions,
    private readonly tokens: TokenSource,
    private readonly hooks: ConnectionHooks,
  ) {}

  attach(queue: RequestQueue): void {
    this.queue = queue;
  }

  get state(): WsClientState {
    return this._state;
  }

  get socketOpen(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  get authenticated(): boolean {
    return this.sessionOpen;
  }

  send(text: string): void {
    this.socket?.send(text);
  }

  start(): void {
    if (this._state !== 'idle') return;
    this.openSocket();
  }

  /** Stops for good: the socket is closed (1000) and nothing reconnects. */
  stop(): void {
    if (this._state === 'closed') return;
    const ws = this.socket;
    this.setState('closed');
    this.clearTimers();
    this.socket = null;
    this.sessionOpen = false;
    try {
      ws?.close(1000, 'client closed');
    } catch {
      // already closing
    }
  }

  /** Authenticates the current session again now; with `renewing`, with a token that outlasts that one. */
  async reauthenticate(renewing?: string): Promise<{ userId: string }> {
    const ws = this.socket;
    const token = renewing === undefined ? await this.tokens.token(5_000) : await this.tokens.fresherThan(renewing);
    const r = await this.queue.enqueue('authenticate', { token }, { timeoutMs: this.opts.requestTimeoutMs, first: true, resend: false });
    if (this.socket === ws && this.sessionOpen) this.scheduleRenewal(ws!, token);
    return r;
  }

  // --- the socket's life -------------------------------------------------------------------------------------

  private openSocket(): void {
    this.setState(this.everOpened || this.attempt > 0 ? 'reconnecting' : 'connecting');
    let ws: WebSocketLike;
    try {
      ws = new this.opts.WebSocket(this.opts.url);
    } catch (e) {
      this.hooks.problem(new ProxyConnectionError(`Cannot open ${this.opts.url}: ${String(e)}`, { operation: 'connect', transport: 'ws', cause: e }));
      this.afterLoss({ code: 1006, reason: 'socket not created', willReconnect: true });
      return;
    }
    this.socket = ws;
    this.lastFrameAt = Date.now();
    this.timers.open = startTimer(() => this.giveUp(ws, GAVE_UP.openTimeout, 'no authenticated session in time'), this.opts.openTimeoutMs ?? 10_000);
    ws.addEventListener('open', () => {
      if (this.socket !== ws) return;
      this.setState('authenticating');
      this.queue.pump();
      void this.authenticate(ws);
    });
    ws.addEventListener('message', (event) => {
      if (this.socket !== ws) return;
      this.lastFrameAt = Date.now();
      const frame = parseServerFrame(event.data);
      if (frame) this.hooks.frame(frame);
      else this.hooks.problem(new ProxyProtocolError('The proxy sent a frame that is not {id, type, payload} JSON', { operation: 'receive', transport: 'ws' }));
    });
    ws.addEventListener('close', (event) => {
      if (this.socket === ws) this.lost(event.code, event.reason);
    });
    // An error is always followed by a close event, which does the work.
    ws.addEventListener('error', () => undefined);
  }

  private async authenticate(ws: WebSocketLike): Promise<void> {
    let token: string;
    try {
      token = await this.tokens.token(5_000);
    } catch (e) {
      if (this.socket !== ws) return;
      const error = e as ProxyClientError;
      // A refused login will be refused again: stop. Anything else (proxy restarting, 429...) is worth a retry.
      if (error instanceof ProxyApiError && (error.status === 401 || error.status === 403)) this.hooks.fatal(error);
      else {
        this.hooks.problem(error);
        this.giveUp(ws, GAVE_UP.authFailed, 'login failed');
      }
      return;
    }
    if (this.socket !== ws) return;
    try {
      await this.queue.enqueue('authenticate', { token }, { timeoutMs: this.opts.requestTimeoutMs, beforeAuth: true });
    } catch (e) {
      if (this.socket !== ws) return;
      if (isApiError(e, 'authentication_failed', 'missing_token')) {
        // Expired or revoked: the next attempt logs in again, if the client can.
        this.tokens.invalidate(token);
        if (!this.tokens.canRenew || ++this.authFailures >= MAX_AUTH_FAILURES) {
          this.hooks.fatal(e);
          return;
        }
      }
      this.giveUp(ws, GAVE_UP.authFailed, 'authentication failed');
      return;
    }
    if (this.socket !== ws) return;
    cancelTimer(this.timers.open);
    this.sessionOpen = true;
    this.authFailures = 0;
    this.attempt = 0;
    const reconnect = this.everOpened;
    this.everOpened = true;
    this.scheduleRenewal(ws, token);
    this.scheduleHeartbeat(ws);
    this.setState('open');
    this.hooks.sessionOpened(reconnect);
    this.queue.pump();
  }

  /** The client abandons a socket (silent, too slow to authenticate): closed at once, not after a handshake. */
  private giveUp(ws: WebSocketLike, code: number, reason: string): void {
    if (this.socket !== ws) return;
    try {
      ws.close(code, reason);
    } catch {
      // already closing
    }
    this.lost(code, reason);
  }

  private lost(code: number, reason: string): void {
    this.socket = null;
    this.sessionOpen = false;
    this.clearTimers();
    this.queue.connectionLost();
    if (this._state === 'closed') return;
    this.afterLoss({ code, reason, willReconnect: true });
  }

  private afterLoss(info: DisconnectInfo): void {
    this.hooks.socketLost(info);
    if (this._state === 'closed') return; // a listener closed the client
    this.setState('reconnecting');
    this.timers.reconnect = startTimer(() => this.openSocket(), backoffDelay(this.attempt++, this.opts.reconnect));
  }

  // --- keeping the session ------------------------------------------------------------------------------------

  /** Re-authenticates before the token expires: a fifth of its life early, between 1 s and 60 s. */
  private scheduleRenewal(ws: WebSocketLike, token: string): void {
    cancelTimer(this.timers.renew);
    this.timers.renew = null;
    const expiresAt = this.tokens.expiresAt(token);
    if (!this.tokens.canRenew || expiresAt === undefined) return;
    const remaining = expiresAt - Date.now();
    const margin = Math.min(60_000, Math.max(1_000, remaining / 5));
    this.timers.renew = startTimer(() => void this.renew(ws, token, expiresAt), remaining - margin);
  }

  private async renew(ws: WebSocketLike, token: string, expiresAt: number): Promise<void> {
    try {
      await this.reauthenticate(token);
      if (this.socket === ws) this.hooks.reauthenticated();
    } catch (e) {
      if (this.socket !== ws || !this.sessionOpen) return;
      this.hooks.problem(e as ProxyClientError);
      // Try again while the old token lasts; after that the proxy ends the session and a reconnect logs in.
      const left = expiresAt - Date.now();
      if (left > 1_000) this.timers.renew = startTimer(() => void this.renew(ws, token, expiresAt), Math.min(1_000, left / 2));
    }
  }

  private scheduleHeartbeat(ws: WebSocketLike): void {
    const interval = this.opts.heartbeatIntervalMs ?? 20_000;
    if (interval <= 0) return;
    const timeout = this.opts.heartbeatTimeoutMs ?? 10_000;
    const check = (): void => {
      if (this.socket !== ws) return;
      const quiet = Date.now() - this.lastFrameAt;
      if (quiet >= interval + timeout) {
        this.hooks.problem(
          new ProxyTimeoutError(interval + timeout, { operation: 'heartbeat', transport: 'ws' }),
        );
        this.giveUp(ws, GAVE_UP.silent, 'no frame from the proxy');
        return;
      }
      if (quiet >= interval && !this.pinging) {
        this.pinging = true;
        this.queue
          .enqueue('ping', { timestamp: Date.now() }, { timeoutMs: timeout, first: true, resend: false })
          .catch(() => undefined) // the silence check above decides
          .finally(() => (this.pinging = false));
      }
      this.timers.heartbeat = startTimer(check, Math.min(interval, timeout) / 2);
    };
    this.timers.heartbeat = startTimer(check, Math.min(interval, timeout) / 2);
  }

  private clearTimers(): void {
    for (const key of Object.keys(this.timers) as Array<keyof typeof this.timers>) {
      cancelTimer(this.timers[key]);
      this.timers[key] = null;
    }
  }

  private setState(state: WsClientState): void {
    const previous = this._state;
    if (previous === state) return;
    this._state = state;
    this.hooks.stateChanged(state, previous);
  }
}
