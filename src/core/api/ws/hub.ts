/**
 * The WebSocket hub on path /ws of the API's HTTP server: upgrade checks (path, Host, Origin, connection cap),
 * authentication, request dispatch (exactly one reply per request, echoing its id), liveness, and the pushes
 * from the gateway. The tick path lives in onMarketData: one serialisation and one WebSocket frame encoding per
 * tick into the flush cycle's arena, the same bytes to every subscriber; the cycle (tickCycle.ts) writes each
 * client's frames at the end of the callback that decoded them; per-client backpressure in Outbound.
 *
 * One client cannot stall the others: each has a request budget (rate, requests in flight; requestBudget.ts) and
 * is closed (1008) when it keeps flooding; a client that is gone gets no more work done for it (its frames are
 * ignored, its pending replies are not built, its orders still waiting for a turn at TWS are not sent). A socket
 * must authenticate within `authTimeoutMs` and an authenticated session ends when its token expires (a fresh
 * `authenticate` before then extends it), both with 1008: a connection slot is never held without a valid token.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { MarketDataUpdate } from '../../../common/contract.js';
import { ClientMessageSchema } from '../../../common/apiMessages.js';
import type { WsClientInfo } from '../../../common/apiMessages.js';
import type { WsPushType } from '../../../common/wsPushes.js';
import type { ConsoleHost, ConsoleHostEvents } from '../../console/consoleHost.js';
import type { GatewayEvents } from '../../gateway/types.js';
import { ApiError, toPublicError } from '../errors.js';
import type { ApiAuth, ApiGateway, ApiLogger } from '../ports.js';
import type { SubscriptionRegistry } from '../subscriptions.js';
import { handlerFor, isRequestType } from './handlers.js';
import type { HandlerDeps, Reply } from './handlers.js';
import { DEFAULT_OUTBOUND_LIMITS, marketDataFrame, marketDataPayload } from './outbound.js';
import type { OutboundCounters, OutboundLimits } from './outbound.js';
import { RequestBudget } from './requestBudget.js';
import { REAL_CLOCK, SessionDeadlines, TOKEN_EXPIRED, authenticationTimeout, type HubClock, type SessionEnd } from './sessionDeadline.js';
import { TickCycle } from './tickCycle.js';
import { WsClient, frame } from './wsClient.js';

export interface HubGuards {
  isAllowedHost(host: string | undefined): boolean;
  /** `host` (already checked) and `secure` make the proxy's own origin, the web console's. */
  isAllowedOrigin(origin: string | undefined, host: string | undefined, secure: boolean): boolean;
}

export interface HubOptions {
  gateway: ApiGateway;
  auth: ApiAuth;
  logger: ApiLogger;
  subscriptions: SubscriptionRegistry;
  guards: HubGuards;
  /** The web console's feed: status, traffic and log lines, pushed to clients that opted in (set_options). */
  console: ConsoleHost;
  handlerDeps: Omit<HandlerDeps, 'authenticate' | 'sendInitialQuotes'>;
  heartbeatIntervalMs: number;
  maxConnections: number;
  maxPayload: number;
  outbound?: Partial<OutboundLimits>;
  /** Messages per second per client (a burst of as many). */
  rateLimitPerSecond: number;
  /** Requests per client waiting for their reply. */
  maxInFlight: number;
  /** Time a new socket has to authenticate. */
  authTimeoutMs: number;
  /** Clock and timers of the budgets and session deadlines (tests); the real ones by default. */
  clock?: HubClock;
}

/** Close code of every session the proxy ends by policy: bad or expired token, no authentication, flooding. */
const POLICY_VIOLATION = 1008;

export interface HubStats extends OutboundCounters {
  ticksIn: number;
  connectionsAccepted: number;
  connectionsRefused: number;
  slowClientsDisconnected: number;
  messagesIn: number;
  /** Messages refused by a client's budget (rate or requests in flight). */
  messagesRefused: number;
  /** Clients closed for flooding past their budget. */
  clientsCutOff: number;
}

export const WS_PATH = '/ws';

export class WebSocketHub {
  private readonly wss: WebSocketServer;
  private readonly clients = new Map<string, WsClient>();
  private readonly limits: OutboundLimits;
  private readonly deps: HandlerDeps;
  private readonly clock: HubClock;
  private readonly deadlines: SessionDeadlines;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly detach: Array<() => void> = [];
  private lastConnectionStatus: string | null = null;
  private readonly cycle = new TickCycle();
  readonly counters: HubStats = {
    ticksIn: 0,
    ticksPushed: 0,
    ticksConflated: 0,
    batchesPushed: 0,
    controlFramesSent: 0,
    connectionsAccepted: 0,
    connectionsRefused: 0,
    slowClientsDisconnected: 0,
    messagesIn: 0,
    messagesRefused: 0,
    clientsCutOff: 0,
  };

  constructor(private readonly opts: HubOptions) {
    this.limits = { ...DEFAULT_OUTBOUND_LIMITS, ...opts.outbound };
    this.clock = opts.clock ?? REAL_CLOCK;
    this.deadlines = new SessionDeadlines(this.clock, (client, why) => this.endSession(client, why));
    // No permessage-deflate (also ws's default): the tick path writes pre-encoded plain frames (wsFrame.ts).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, clientTracking: false, perMessageDeflate: false });
    this.deps = {
      ...opts.handlerDeps,
      authenticate: (client, token) => this.authenticate(client, token),
      sendInitialQuotes: (client, updates) => {
        for (const u of updates) this.pushTick(client, u);
      },
    };
  }

  /** Hooks the upgrade handler and the gateway events; starts the heartbeat. */
  attach(server: Server): void {
    server.on('upgrade', this.onUpgrade);
    this.detach.push(() => server.off('upgrade', this.onUpgrade));
    this.listenGateway();
    this.heartbeat = setInterval(this.beat, this.opts.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  // ---------------------------------------------------------------------------------------------------------
  // connections
  // ---------------------------------------------------------------------------------------------------------

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return this.refuse(socket, 404, 'Not Found');
    if (!this.opts.guards.isAllowedHost(req.headers.host)) return this.refuse(socket, 403, 'Forbidden');
    const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
    if (!this.opts.guards.isAllowedOrigin(req.headers.origin, req.headers.host, secure)) return this.refuse(socket, 403, 'Forbidden');
    if (this.clients.size >= this.opts.maxConnections) return this.refuse(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req, socket));
  };

  private refuse(socket: Duplex, status: number, text: string): void {
    this.counters.connectionsRefused++;
    const body = JSON.stringify({ success: false, message: `WebSocket upgrade refused: ${text}` });
    socket.on('error', () => undefined);
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  private onConnection(ws: WebSocket, req: IncomingMessage, socket: Duplex): void {
    // `socket` is the TCP socket ws writes to: the outbound path corks it to coalesce a turn's ticks into one write.
    // Origin passed isAllowedOrigin in onUpgrade: only allow-listed values, our own, or none are recorded and shown.
    const origin = req.headers.origin ?? null;
    const budget = new RequestBudget(this.opts.rateLimitPerSecond, this.opts.maxInFlight, this.clock.now);
    const client = new WsClient(ws, req.socket.remoteAddress ?? 'unknown', origin, this.limits, this.counters, this.onStuck, budget, socket, this.cycle);
    this.clients.set(client.id, client);
    this.counters.connectionsAccepted++;
    // A socket that does not authenticate must not hold a connection slot (MAX_CONNECTIONS) for ever.
    this.deadlines.arm(client, this.clock.now() + this.opts.authTimeoutMs, authenticationTimeout(this.opts.authTimeoutMs));
    ws.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
    ws.on('pong', () => {
      client.alive = true;
      client.lastPing = new Date();
    });
    // Any inbound frame shows the peer is there; a client's own protocol ping too (messages: onMessage).
    ws.on('ping', () => {
      client.alive = true;
    });
    ws.on('error', (err) => this.opts.logger.debug(`ws client ${client.id} error: ${err.message}`));
    ws.on('close', () => this.onClose(client));
    client.send('connection_established', { clientId: client.id });
  }

  private onClose(client: WsClient): void {
    if (!this.clients.delete(client.id)) return;
    client.closed = true;
    this.deadlines.clear(client);
    client.outbound.dispose();
    this.opts.subscriptions.removeClient(client);
    // Orders it asked for that are still waiting for their turn at TWS are not sent: nobody would hear the answer.
    this.deps.orders.dropQueued(client.id);
  }

  /** Ends a session by policy: one error frame saying why, then close 1008 (cut if the peer does not answer). */
  private endSession(client: WsClient, why: SessionEnd): void {
    if (client.closed) return;
    client.send('error', { code: why.code, message: why.message });
    this.disconnect(client.id, POLICY_VIOLATION, why.closeReason);
  }

  private readonly onStuck = (client: WsClient, reason: string): void => {
    this.counters.slowClientsDisconnected++;
    this.opts.logger.warn(`ws client ${client.id} disconnected: ${reason}`);
    // A client that does not read cannot complete a close handshake: cut the socket.
    client.ws.terminate();
    this.onClose(client);
  };

  /**
   * The heartbeat timer only schedules the round: libuv runs due timers at the end of a loop turn, before the
   * next poll for I/O, so after a stall (GC, a blocked loop) the overdue timer would judge clients whose pongs are
   * already sitting unread in their sockets and close healthy ones. setImmediate runs in the check phase, after
   * the next poll has read (and ws has parsed) whatever is waiting.
   */
  private readonly beat = (): void => {
    setImmediate(this.heartbeatRound);
  };

  private readonly heartbeatRound = (): void => {
    if (this.heartbeat === null) return; // closed in between
    for (const client of this.clients.values()) {
      if (!client.alive) {
        client.ws.close(1001, 'heartbeat timeout');
        // A silent peer will not answer the close frame either.
        setTimeout(() => client.ws.terminate(), 2_000).unref();
        this.onClose(client);
        continue;
      }
      client.alive = false;
      try {
        client.ws.ping();
      } catch {
        // socket already closing
      }
    }
  };

  // ---------------------------------------------------------------------------------------------------------
  // requests
  // ---------------------------------------------------------------------------------------------------------

  private onMessage(client: WsClient, data: RawData, isBinary: boolean): void {
    // Frames of a client we let go (cut off, timed out) may still be in the socket's buffer: no work for them.
    if (client.closed) return;
    client.alive = true;
    this.counters.messagesIn++;
    const verdict = client.budget.take();
    if (verdict === 'cut_off') {
      this.counters.clientsCutOff++;
      this.opts.logger.warn(`ws client ${client.id} disconnected: more than twice its budget of ${client.budget.perSecond} messages per second`);
      this.disconnect(client.id, POLICY_VIOLATION, 'rate limit exceeded');
      return;
    }
    let msg: unknown;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(data.toString());
    } catch {
      client.send('error', { code: 'invalid_message_format', message: 'Messages must be JSON text frames: {"id", "type", "payload"}' });
      return;
    }
    const parsed = ClientMessageSchema.safeParse(msg);
    if (!parsed.success) {
      const id = (msg as { id?: unknown } | null)?.id;
      const echo = typeof id === 'string' || typeof id === 'number' ? id : undefined;
      client.send('error', { code: 'invalid_message_format', message: 'Messages must be objects {"id", "type", "payload"} with a string type' }, echo);
      return;
    }
    const { id, type, payload } = parsed.data;
    if (verdict === 'rate_limited') {
      this.counters.messagesRefused++;
      client.send(
        'error',
        { code: 'rate_limited', message: `Too many messages: at most ${client.budget.perSecond} per second on one connection; this one was not processed` },
        id,
      );
      return;
    }
    if (!client.authenticated && type !== 'authenticate') {
      client.send('error', { code: 'authentication_required', message: 'Authenticate first: send {"type": "authenticate", "payload": {"token": "<JWT>"}}' }, id);
      return;
    }
    if (!isRequestType(type)) {
      client.send('error', { code: 'unknown_message_type', message: `Unknown message type: ${type.slice(0, 64)}` }, id);
      return;
    }
    if (!client.budget.begin()) {
      this.counters.messagesRefused++;
      client.send(
        'error',
        {
          code: 'too_many_in_flight',
          message: `Too many requests waiting for their reply on one connection (at most ${client.budget.maxInFlight}); wait for replies before sending more`,
        },
        id,
      );
      return;
    }
    void this.dispatch(client, type, payload, id).finally(() => client.budget.end());
  }

  private async dispatch(client: WsClient, type: Parameters<typeof handlerFor>[0], payload: unknown, id: string | number | undefined): Promise<void> {
    let reply: Reply | null;
    try {
      reply = await handlerFor(type)(client, payload, this.deps);
    } catch (e) {
      if (client.closed) return; // nobody to tell
      const pub = toPublicError(e);
      if (pub.internal) this.opts.logger.error(`ws ${type} failed`, e);
      const code = pub.internal ? 'message_processing_error' : pub.code;
      client.send('error', { code, message: pub.message, ...(pub.issues ? { issues: pub.issues } : {}) }, id);
      // The contract: a bad token is answered, then the socket is closed with 1008 (policy violation).
      if (code === 'authentication_failed') client.ws.close(1008, 'authentication failed');
      return;
    }
    // The client left while we worked: do not build (serialise) a reply nobody reads.
    if (!reply || client.closed) return;
    client.send(reply.type, reply.payload, id);
    reply.after?.();
  }

  private authenticate(client: WsClient, token: string): Reply {
    const user = this.opts.auth.verifyToken(token);
    if (!user) throw new ApiError(401, 'authentication_failed', 'Invalid or expired token');
    client.userId = user.userId;
    client.username = user.username;
    this.opts.subscriptions.invalidate();
    // The session lasts as long as its token: it ends at the token's expiry, unless a fresh token comes first.
    if (user.expiresAt !== undefined) this.deadlines.arm(client, user.expiresAt, TOKEN_EXPIRED);
    else this.deadlines.clear(client);
    return { type: 'authentication_success', payload: { userId: user.userId } };
  }

  // ---------------------------------------------------------------------------------------------------------
  // pushes
  // ---------------------------------------------------------------------------------------------------------

  private listenGateway(): void {
    const g = this.opts.gateway;
    const on = <K extends keyof GatewayEvents>(event: K, fn: (...args: GatewayEvents[K]) => void): void => {
      // Node's typings of a keyed EventEmitter take a listener over the event's argument tuple.
      const listener = fn as Parameters<typeof g.on<K>>[1];
      g.on(event, listener);
      this.detach.push(() => g.off(event, listener));
    };
    on('marketData', this.onMarketData);
    // The gateway emits orderStatus once per real change of an order (coalesced and compared there, and each event
    // carries a fresh timestamp), so it is pushed as it comes.
    on('orderStatus', (order) => this.broadcast('orderStatus', order));
    on('executionReport', (e) => this.broadcast('executionReport', e));
    on('positionUpdate', (p) => this.broadcast('positionUpdate', p));
    on('accountUpdate', (a) => this.broadcast('accountUpdate', a));
    on('ibError', (e) => this.broadcast('error', e));
    on('tradingBlocked', (blocked) =>
      this.broadcast('tradingStatus', { tradingBlocked: blocked, readOnly: this.deps.settings.trading?.readOnly ?? false }),
    );
    on('connectionStatus', (ev) => {
      if (ev.status === this.lastConnectionStatus) return;
      this.lastConnectionStatus = ev.status;
      this.broadcast('connectionStatus', { status: ev.status, reason: ev.reason, previous: ev.previous, phase: g.getStatus().session.phase });
    });
    on('sessionPhase', (phase) => this.broadcast('sessionPhase', phase));
    this.listenConsole();
  }

  /** The console's feed goes only to clients that asked for it (set_options consoleEvents): frontends never pay for it. */
  private listenConsole(): void {
    const host = this.opts.console;
    const forward = <K extends keyof ConsoleHostEvents>(event: K, type: WsPushType): void => {
      this.detach.push(host.watch(event, (...[payload]: ConsoleHostEvents[K]) => this.broadcast(type, payload, (c) => c.consoleEvents)));
    };
    forward('status', 'consoleStatus');
    forward('traffic', 'trafficSample');
    forward('log', 'logLine');
  }

  /** Hot path: one event per tick from the gateway. */
  private readonly onMarketData = (u: MarketDataUpdate & { key: string }): void => {
    this.counters.ticksIn++;
    const recipients = this.opts.subscriptions.recipients(u.key);
    const n = recipients.length;
    if (n === 0 || !Number.isFinite(u.value)) return;
    const payload = marketDataPayload(u);
    const arena = this.cycle.arena;
    let start = -1;
    for (let i = 0; i < n; i++) {
      const r = recipients[i]!;
      if (r.fields !== null && !r.fields.has(u.field)) continue;
      const out = r.client.outbound;
      if (out.batchMode) {
        out.sendBatched(payload, u);
        continue;
      }
      // Encoded once, on the first recipient that takes frames; every other one gets the same bytes.
      if (start < 0) start = arena.append(marketDataFrame(payload, u.timestamp));
      out.sendFrame(arena.buf, start, arena.used, u);
    }
  };

  /** One tick to one client (the latest quotes a new subscription starts with). */
  private pushTick(client: WsClient, u: MarketDataUpdate): void {
    const payload = marketDataPayload(u);
    if (client.outbound.batchMode) return client.outbound.sendBatched(payload, u);
    const start = this.cycle.arena.append(marketDataFrame(payload, u.timestamp));
    client.outbound.sendFrame(this.cycle.arena.buf, start, this.cycle.arena.used, u);
  }

  /** A push to every authenticated client (that `wants` it), serialised once. */
  broadcast(type: string, payload: unknown, wants?: (client: WsClient) => boolean): void {
    let str: string | null = null;
    for (const c of this.clients.values()) {
      if (!c.authenticated || (wants && !wants(c))) continue;
      str ??= frame(type, payload);
      c.outbound.sendControl(str);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // introspection and shutdown
  // ---------------------------------------------------------------------------------------------------------

  list(): WsClientInfo[] {
    return [...this.clients.values()].map((c) => {
      const subs = this.opts.subscriptions.servingClient(c);
      return c.info(
        subs.map((s) => s.id),
        [...new Set(subs.flatMap((s) => s.symbols))],
      );
    });
  }

  allClients(): IterableIterator<WsClient> {
    return this.clients.values();
  }

  get(id: string): WsClient | undefined {
    return this.clients.get(id);
  }

  counts(): { connectedClients: number; authenticatedClients: number } {
    let authenticated = 0;
    for (const c of this.clients.values()) if (c.authenticated) authenticated++;
    return { connectedClients: this.clients.size, authenticatedClients: authenticated };
  }

  disconnect(id: string, code = 1000, reason = 'disconnected by the proxy'): boolean {
    const c = this.clients.get(id);
    if (!c) return false;
    c.ws.close(code, reason);
    setTimeout(() => c.ws.terminate(), 2_000).unref();
    this.onClose(c);
    return true;
  }

  /** Closes every client with 1001 (going away) and stops listening to the gateway. */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const d of this.detach.splice(0)) d();
    const closing = [...this.clients.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === c.ws.CLOSED) return resolve();
          const t = setTimeout(() => {
            c.ws.terminate();
            resolve();
          }, 1_000);
          c.ws.once('close', () => {
            clearTimeout(t);
            resolve();
          });
          c.ws.close(1001, 'server shutting down');
        }),
    );
    await Promise.all(closing);
    for (const c of [...this.clients.values()]) this.onClose(c);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
