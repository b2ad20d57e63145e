/**
 * GatewayService: the proxy's one resilient connection to TWS / IB Gateway, as typed state and typed events.
 *
 * A thin facade over single-purpose modules (see docs/gateway.md):
 *   connection.ts   lifecycle, connect timeout, heartbeat / half-open detection, reconnect with backoff
 *   decoderGuard.ts keeps @stoqey/ib's decoder from crashing the process
 *   errorTable.ts   what each TWS error code means (severity, recoverable, kind)
 *   dataQuality.ts  farm / connectivity messages → good | delayed | stale | unavailable
 *   contracts.ts    symbol → contract resolution, cached; search; details
 *   marketData.ts   reference-counted shared lines within the line budget, quotes, delayed fallback, resubscribe
 *   orders.ts       placement, brackets, modify, cancel, idempotency, fills exactly once, reconciliation
 *   portfolio.ts    positions, account summaries, P&L
 *   history.ts      historical bars within IBKR's historical pacing
 * The service owns the cross-cutting state: trading gate (read-only, kill switch), request ids, the error log.
 */
import { EventEmitter } from 'node:events';
import type { AccountSummary, ConnectionHealth, ExecutionReport, IBKRError, IBKRPosition, MarketDataStatus, Order, OrderRequest } from '../../common/contract.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { ConnectionManager, type ConnectionSettings } from './connection.js';
import { FIRST_REQ_ID, type GatewayContext } from './context.js';
import { ContractResolver } from './contracts.js';
import { DataQualityTracker } from './dataQuality.js';
import { GatewayError } from './errors.js';
import { toIBKRError } from './errorTable.js';
import { History } from './history.js';
import { MarketDataLines } from './marketData.js';
import { OrderManager } from './orders.js';
import { Portfolio } from './portfolio.js';
import type { Session } from './session.js';
import { SessionPhaseTracker, type PhaseInputs } from './sessionPhase.js';
import { isTerminal } from './orderRecord.js';
import type {
  Bar,
  BracketRequest,
  ContractDetailsSummary,
  ContractSearchResult,
  GatewayEvents,
  GatewayLogger,
  GatewayOptions,
  GatewayProfile,
  GatewayStatus,
  HistoricalQuery,
  InstrumentSpec,
  MarketDataLease,
  OrderChanges,
  PnL,
  Quote,
  TradingMode,
} from './types.js';

export * from './types.js';
export { GatewayError, isGatewayError, GATEWAY_ERROR_STATUS, type GatewayErrorCode } from './errors.js';
export { classifyError, ERROR_TABLE, toIBKRError } from './errorTable.js';

const NOOP_LOGGER: GatewayLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const MAX_RECENT_ERRORS = 200;

export class GatewayService extends EventEmitter<GatewayEvents> {
  private options: GatewayOptions;
  private readonly logger: GatewayLogger;
  private readonly conn: ConnectionManager;
  private readonly ctx: GatewayContext;
  private readonly contracts: ContractResolver;
  private readonly marketData: MarketDataLines;
  private readonly history: History;
  private orders: OrderManager;
  private portfolio: Portfolio;
  private readonly quality = new DataQualityTracker();
  private readonly errors: IBKRError[] = [];
  private reqSeq = FIRST_REQ_ID;
  private tradingBlocked = false;
  private accounts: string[] = [];
  private lastHealthKey = '';
  private readonly phase: SessionPhaseTracker;
  private lastPhaseKey = '';
  private readonly now: () => number;

  constructor(options: GatewayOptions) {
    super();
    this.options = { ...options, profiles: { ...options.profiles } };
    this.logger = options.logger ?? NOOP_LOGGER;
    const clock = options.clock;
    this.now = clock ? () => clock.now() : Date.now;
    this.phase = new SessionPhaseTracker(this.phaseInputs(), this.now);
    this.ctx = {
      logger: this.logger,
      session: () => this.conn.session,
      nextReqId: () => (this.reqSeq >= 2_000_000_000 ? (this.reqSeq = FIRST_REQ_ID) : ++this.reqSeq),
      requestTimeoutMs: () => this.options.requestTimeoutMs ?? 10_000,
      emit: (event, ...args) => {
        this.emit(event, ...(args as never));
      },
      wants: (event) => this.listenerCount(event) > 0,
      notConnectedReason: () => this.notConnectedReason(),
    };
    this.contracts = new ContractResolver(this.ctx);
    this.marketData = new MarketDataLines(this.ctx, this.contracts, options.marketDataLineBudget ?? 100, () => {
      this.quality.setDelayedLines(this.marketData.delayedLines);
      this.emitHealth();
    });
    this.history = new History(this.ctx, this.contracts);
    this.orders = this.newOrderManager();
    this.portfolio = new Portfolio(this.ctx);
    this.conn = new ConnectionManager(
      this.activeProfile(),
      this.connectionSettings(),
      {
        onStatus: (e) => {
          this.phase.connectionStatus(e.status, this.conn.failure);
          this.emit('connectionStatus', e);
          this.emitHealth();
          this.refreshPhase();
        },
        onSessionReady: (s) => this.onSessionReady(s),
        onSessionLost: (s, reason) => this.onSessionLost(s, reason),
        onIbMessage: (id, code, message, context) => this.onIbMessage(id, code, message, context),
        onHeartbeat: () => {
          this.refreshPhase();
          this.emitHealth();
          this.emit('traffic', { messagesIn: this.conn.messagesIn, messagesOut: this.conn.messagesOut });
        },
        onAccounts: (accounts) => {
          this.accounts = [...accounts];
        },
        onRetryScheduled: () => {
          // Time moves the phase on too (a restart overdue): each retry is a moment to look again.
          this.phase.connectionStatus(this.conn.state.status, this.conn.failure);
          this.refreshPhase();
          this.emitHealth();
        },
        onClientIdBusy: (clientId, exhausted) => {
          this.phase.clientIdBusy(clientId, exhausted);
          this.refreshPhase();
        },
        mayChangeClientId: () => this.orders.getOrders().every((o) => isTerminal(o.status)),
      },
      this.logger,
    );
  }

  // ------------------------------------------------------------------ lifecycle

  /** The user wants to be connected. Resolves once connected; rejects after connectTimeoutMs (retrying goes on). */
  async connect(overrides?: Partial<GatewayProfile> & { mode?: TradingMode }): Promise<GatewayStatus> {
    if (overrides) {
      const mode = overrides.mode ?? this.options.mode;
      const base = this.options.profiles[mode];
      const next: GatewayProfile = {
        host: overrides.host ?? base.host,
        port: overrides.port ?? base.port,
        clientId: overrides.clientId ?? base.clientId,
      };
      this.options.profiles = { ...this.options.profiles, [mode]: next };
      this.applyProfile(mode, 'connection settings changed');
    }
    await this.conn.connect(this.options.connectTimeoutMs ?? 10_000);
    return this.getStatus();
  }

  /** Stops at once, including any pending reconnect. */
  async disconnect(): Promise<void> {
    this.conn.disconnect('disconnected by user');
  }

  /** Switches between the live and paper profiles without a restart; reconnects if a connection is wanted. */
  async setMode(mode: TradingMode): Promise<void> {
    this.applyProfile(mode, `switched to ${mode} trading`);
  }

  updateOptions(partial: Partial<GatewayOptions>): void {
    const profilesChanged = partial.profiles !== undefined || (partial.mode !== undefined && partial.mode !== this.options.mode);
    this.options = { ...this.options, ...partial, profiles: { ...this.options.profiles, ...(partial.profiles ?? {}) } };
    if (partial.marketDataLineBudget !== undefined) this.marketData.setBudget(partial.marketDataLineBudget);
    this.conn.updateSettings(this.connectionSettings());
    if (profilesChanged) this.applyProfile(this.options.mode, 'connection settings changed');
    this.phase.update(this.phaseInputs());
    this.refreshPhase();
    this.emitHealth();
  }

  private applyProfile(mode: TradingMode, reason: string): void {
    const before = this.conn.activeProfile;
    this.options.mode = mode;
    const profile = this.activeProfile();
    const otherBroker = before.host !== profile.host || before.port !== profile.port || before.clientId !== profile.clientId;
    this.phase.update(this.phaseInputs());
    this.conn.switchProfile(profile, reason);
    if (otherBroker) {
      // Another TWS (or another client id) has other orders and positions: do not mix them with the old ones.
      this.orders = this.newOrderManager();
      this.portfolio = new Portfolio(this.ctx);
    }
  }

  private activeProfile(): GatewayProfile {
    return { ...this.options.profiles[this.options.mode] };
  }

  private connectionSettings(): ConnectionSettings {
    const o = this.options;
    return {
      connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
      backoff: {
        initialDelayMs: o.reconnect?.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs,
        maxDelayMs: o.reconnect?.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
        jitter: o.reconnect?.jitter ?? DEFAULT_BACKOFF.jitter,
      },
      heartbeatIntervalMs: o.heartbeatIntervalMs ?? 10_000,
      heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? 15_000,
      maxReqPerSec: o.maxReqPerSec ?? 40,
      clientIdRange: o.session?.clientIdRange ?? 1,
      clientIdProbeMs: o.session?.clientIdProbeMs ?? 60_000,
    };
  }

  private phaseInputs(): PhaseInputs {
    const s = this.options.session ?? {};
    const profile = this.activeProfile();
    return {
      schedule: {
        dailyAt: s.dailyRestart ?? null,
        timeZone: s.timeZone ?? 'America/New_York',
        expectedMinutes: s.restartMinutes ?? 5,
        weeklyLoginDay: s.weeklyLoginDay === undefined ? 0 : s.weeklyLoginDay,
      },
      configuredClientId: profile.clientId,
      host: profile.host,
      port: profile.port,
    };
  }

  /**
   * Emits 'sessionPhase' when the phase (or what it says) changed, and tells the log: a phase that needs a person
   * as a warning, a normal daily restart only as information (no warning noise for what happens every night).
   */
  private refreshPhase(): void {
    const p = this.phase.current();
    const key = JSON.stringify({ ...p, since: '' });
    if (key === this.lastPhaseKey) return;
    const phaseChanged = !this.lastPhaseKey.includes(`"phase":"${p.phase}"`);
    this.lastPhaseKey = key;
    if (phaseChanged && p.phase !== 'connected' && p.phase !== 'connecting') {
      const line = `[gateway] ${p.message}${p.action ? ` ${p.action}` : ''}`;
      if (p.needsAttention) this.logger.warn(line);
      else this.logger.info(line);
    }
    this.emit('sessionPhase', p);
  }

  /** The sentence a refused request carries while there is no session: the phase's own words. */
  private notConnectedReason(): string {
    const p = this.phase.current();
    if (p.phase === 'tws-restarting' || p.phase === 'tws-login-required') {
      return `${p.message} Nothing was sent to TWS; send it again when TWS is back.`;
    }
    return 'not connected to TWS / IB Gateway';
  }

  private newOrderManager(): OrderManager {
    return new OrderManager(this.ctx, {
      contracts: this.contracts,
      quote: (symbol) => this.marketData.getQuote(symbol),
      position: (symbol) => this.portfolio.positionOf(symbol),
      gate: () => this.assertMayTrade(),
      readOnlyGate: () => this.assertNotReadOnly(),
      defaultRiskChecks: () => this.options.defaultRiskChecks,
      commissionWaitMs: () => this.options.commissionWaitMs ?? 1000,
    });
  }

  private onSessionReady(s: Session): void {
    this.phase.sessionStarted(s.clientId);
    this.accounts = [...s.accounts];
    this.quality.sessionStarted();
    this.contracts.attach(s);
    this.history.attach(s);
    // Order matters: every request below queues in @stoqey/ib's FIFO at ibkr.maxReqPerSec (40/s), so the first
    // ones go out first. Order reconciliation (3 requests; keyed placements wait for it, whatever the order) leads,
    // then one reqMktData per held line (what traders see stalled after a reconnect), then positions, account
    // summaries and P&L, which nothing waits on and which may be many (one reqPnLSingle per position).
    this.orders.attach(s);
    this.marketData.attach(s);
    this.portfolio.attach(s);
    this.quality.setDelayedLines(this.marketData.delayedLines);
  }

  private onSessionLost(_s: Session, reason: string): void {
    this.phase.sessionEnded();
    // TWS's daily restart is expected, every night: information, not a warning.
    if (this.phase.restartInProgress()) this.logger.info(`[gateway] session ended: ${reason} (TWS's scheduled restart)`);
    else this.logger.warn(`[gateway] session ended: ${reason}`);
    this.quality.sessionEnded();
    this.contracts.detach();
    this.history.detach();
    this.portfolio.detach();
    this.orders.detach();
    this.marketData.detach();
    this.emitHealth();
  }

  private onIbMessage(id: number, code: number, message: string, context?: Record<string, unknown>): void {
    let ctx = context;
    let routedId = id;
    if (code === 100) {
      // Error 100's id is TWS's running count of rate violations, not a request: never route it to one.
      ctx = { ...ctx, violationCount: id };
      routedId = -1;
    }
    const err = toIBKRError(routedId, code, message, new Date(), ctx);
    this.errors.push(err);
    if (this.errors.length > MAX_RECENT_ERRORS) this.errors.splice(0, this.errors.length - MAX_RECENT_ERRORS);
    const log = err.severity === 'critical' || err.severity === 'high' ? this.logger.warn : this.logger.debug;
    log.call(this.logger, `[gateway] TWS ${code} (id ${routedId}): ${message}`);
    this.emit('ibError', err);

    if (code === 10197) this.onCompetingSession();
    if (routedId < 0) {
      this.phase.systemMessage(code, message);
      const action = this.quality.onSystemMessage(code, message);
      const s = this.conn.session;
      if (action === 'resubscribe' && s) {
        // 1101: TWS is back but dropped our subscriptions; the subscribers must not notice.
        this.marketData.resubscribeAll(s);
        this.portfolio.subscribe(s);
      }
      this.emitHealth();
      this.refreshPhase();
      return;
    }
    if (routedId >= FIRST_REQ_ID) {
      if (this.marketData.onError(routedId, code, message)) return;
      if (this.contracts.onError(routedId, code, message)) return;
      if (this.history.onError(routedId, code, message)) return;
      return;
    }
    this.orders.onError(routedId, code, message);
  }

  // ------------------------------------------------------------------ status

  getStatus(): GatewayStatus {
    const p = this.conn.activeProfile;
    const s = this.conn.session;
    const { status, reason } = this.conn.state;
    return {
      status,
      reason,
      mode: this.options.mode,
      host: p.host,
      port: p.port,
      clientId: p.clientId,
      serverVersion: s ? s.serverVersion : null,
      accounts: [...this.accounts],
      connectedAt: this.conn.connectedAt?.toISOString() ?? null,
      reconnectAttempts: this.conn.reconnectAttempts,
      nextRetryAt: this.conn.nextRetryAt?.toISOString() ?? null,
      dataQuality: this.quality.quality,
      marketDataStatus: this.marketDataStatus(),
      lastHeartbeat: this.conn.lastHeartbeat?.toISOString() ?? null,
      linesInUse: this.marketData.linesInUse,
      lineBudget: this.marketData.lineBudget,
      tradingBlocked: this.tradingBlocked,
      messagesIn: this.conn.messagesIn,
      messagesOut: this.conn.messagesOut,
      session: this.phase.current(),
    };
  }

  /**
   * 10197: another live session of the same username took the market data. The phase says so until data flows
   * again, noticed by a one-shot listener (nothing on the per-tick path).
   */
  private onCompetingSession(): void {
    const wasCompeting = this.phase.isCompeting;
    this.phase.systemMessage(10197, '');
    this.refreshPhase();
    if (wasCompeting) return;
    this.once('marketData', () => {
      if (this.phase.marketDataFlowing()) this.refreshPhase();
    });
  }

  private marketDataStatus(): MarketDataStatus {
    const lines = this.marketData.linesInUse;
    if (lines === 0) return 'inactive';
    if (!this.conn.session) return 'connecting';
    if (this.marketData.failedLines >= lines) return 'error';
    return 'active';
  }

  getHealth(): ConnectionHealth {
    const connectedAt = this.conn.connectedAt;
    return {
      isConnected: this.conn.session !== null,
      lastHeartbeat: this.conn.lastHeartbeat?.toISOString() ?? null,
      connectionDuration: connectedAt ? Date.now() - connectedAt.getTime() : 0,
      reconnectAttempts: this.conn.reconnectAttempts,
      dataQuality: this.quality.quality,
      session: this.phase.current(),
    };
  }

  private emitHealth(): void {
    const h = this.getHealth();
    // connectionDuration grows by itself; a change is anything else.
    const key = `${h.isConnected}|${h.lastHeartbeat}|${h.reconnectAttempts}|${h.dataQuality}`;
    if (key === this.lastHealthKey) return;
    this.lastHealthKey = key;
    this.emit('health', h);
  }

  recentErrors(limit = 50): IBKRError[] {
    return this.errors.slice(-Math.max(0, limit)).map((e) => ({ ...e }));
  }

  // ------------------------------------------------------------------ trading gate

  /** Kill switch. Lives here so that every order path (single, bracket, modify) checks the same flag. */
  setTradingBlocked(blocked: boolean): void {
    if (this.tradingBlocked === blocked) return;
    this.tradingBlocked = blocked;
    this.emit('tradingBlocked', blocked);
  }

  private assertNotReadOnly(): void {
    if (this.options.readOnly) throw new GatewayError('read_only', 'the proxy is in read-only mode: no orders can be sent');
  }

  private assertMayTrade(): void {
    this.assertNotReadOnly();
    if (this.tradingBlocked) throw new GatewayError('trading_blocked', 'trading is blocked (kill switch is on)');
  }

  // ------------------------------------------------------------------ market data

  acquireMarketData(spec: InstrumentSpec, opts?: { snapshot?: boolean }): Promise<MarketDataLease> {
    return this.marketData.acquire(spec, opts);
  }

  getQuote(symbol: string): Quote | undefined {
    return this.marketData.getQuote(symbol);
  }

  snapshot(spec: InstrumentSpec): Promise<Quote> {
    return this.marketData.snapshot(spec);
  }

  // ------------------------------------------------------------------ orders

  placeOrder(req: OrderRequest): Promise<Order> {
    return this.orders.placeOrder(req);
  }

  placeBracket(req: BracketRequest): Promise<Order[]> {
    return this.orders.placeBracket(req);
  }

  modifyOrder(orderId: number, changes: OrderChanges): Promise<Order> {
    return this.orders.modifyOrder(orderId, changes);
  }

  cancelOrder(orderId: number): Promise<Order> {
    return this.orders.cancelOrder(orderId);
  }

  async cancelAllOrders(): Promise<void> {
    this.orders.cancelAll();
  }

  getOrders(): Order[] {
    return this.orders.getOrders();
  }

  getOrder(orderId: number): Order | undefined {
    return this.orders.getOrder(orderId);
  }

  getExecutions(): ExecutionReport[] {
    return this.orders.getExecutions();
  }

  // ------------------------------------------------------------------ portfolio / account

  getPositions(): IBKRPosition[] {
    return this.portfolio.getPositions();
  }

  getAccountSummary(account?: string): AccountSummary | null {
    return this.portfolio.getAccountSummary(account);
  }

  getAccounts(): string[] {
    return [...this.accounts];
  }

  getPnL(account?: string): PnL | null {
    return this.portfolio.getPnL(account);
  }

  // ------------------------------------------------------------------ contracts / history

  searchContracts(pattern: string): Promise<ContractSearchResult[]> {
    return this.contracts.search(pattern);
  }

  getContractDetails(spec: InstrumentSpec): Promise<ContractDetailsSummary[]> {
    return this.contracts.getContractDetails(spec);
  }

  getHistoricalBars(spec: InstrumentSpec, q: HistoricalQuery): Promise<Bar[]> {
    return this.history.bars(spec, q);
  }
}
