/**
 * The TWS simulator: a TCP server speaking the real TWS socket protocol (server versions 157..193), backed by a
 * seeded market and a broker, with a fault API for tests. See docs/simulator.md.
 */
import { EventEmitter } from 'node:events';
import { Faults, type FaultTarget, type Farm, type TwsState } from './faults.js';
import { TwsDay, type AutoRestartOptions } from './twsDay.js';
import { TwsServer } from './server.js';
import type { RequestHandler, Session } from './session.js';
import { sendWelcome, systemHandlers } from './session-system.js';
import { MAX_SUPPORTED_SERVER_VERSION, MIN_SUPPORTED_SERVER_VERSION } from './protocol/serverVersions.js';
import { MarketDataHub } from './session-market-data.js';
import { contractHandlers } from './session-contracts.js';
import { HistoryHub } from './session-history.js';
import { scannerHandlers } from './session-scanner.js';
import { createMarket } from './market/index.js';
import type { Market, TickingHandle } from './market/types.js';
import { Broker } from './broker/index.js';
import type { InitialPosition } from './broker/types.js';
import { OrdersHub } from './session-orders.js';
import { PortfolioHub } from './session-portfolio.js';
import { SimulatedClock, type SimClock } from './clock.js';
import { ExtendedRequests } from './session-extended-requests.js';

export type { Market, Quote, ContractDetails, ContractSpec } from './market/types.js';
export { SimulatedClock, parseClockStart, type SimClock, type ClockOptions } from './clock.js';
export { demoClock, describeClock, openMarketInstant, type DemoMarketTime } from './demoClock.js';
export type { TwsState, DropOptions } from './faults.js';
export type { AutoRestartOptions } from './twsDay.js';
export { demoPortfolio } from './demoPortfolio.js';
export { NAMED_FAULTS, setOffNamedFault, type NamedFault } from './namedFaults.js';
export type { BrokerApi, OrderRecord, ExecutionRecord, PositionRecord, AccountValue, InitialPosition } from './broker/types.js';

export interface TwsSimulatorOptions {
  /**
   * The simulated wall clock: every time on the wire and everything that depends on the time of day (trading
   * hours, whether quotes move, when orders can work) reads it. Default: the real clock. Pass a SimulatedClock to
   * start at a chosen instant, run faster than real time, or hold still and `advance()` (docs/simulator.md).
   */
  clock?: SimClock;
  /**
   * TWS's daily auto-restart on the clock (closes every API connection, refuses new ones for the downtime, then
   * answers again; on the weekly login day it stays at the login dialog until `faults.login()`). Default: none.
   */
  autoRestart?: AutoRestartOptions;
  /** Seed of the price model and id generators (default 42). */
  seed?: number;
  /** Managed accounts (default ['DU1234567']). */
  accounts?: string[];
  /** Highest server version offered (default 193; 157..193 supported). */
  serverVersion?: number;
  /** Lowest server version accepted (default 157). */
  minServerVersion?: number;
  /** Streaming quote updates per subscribed instrument per second (default 4). */
  ticksPerSecond?: number;
  /** Client→TWS messages per second before error 100 (default 50). */
  maxMessagesPerSecond?: number;
  /** Pacing violations after which the client is disconnected (default 3). */
  pacingViolationsBeforeDisconnect?: number;
  /** Simultaneous streaming market data lines across all clients (default 100, error 101 beyond). */
  maxMarketDataLines?: number;
  /** 'delayed-only' answers live requests with 10167 + delayed ticks; 'none' with 10168 and no data. */
  marketDataPermission?: 'live' | 'delayed-only' | 'none';
  /** Simultaneous API clients (default 32, like TWS). */
  maxClients?: number;
  /**
   * Steps per second for instruments nobody streams (default 1): the market keeps moving, so resting orders can
   * fill and P&L changes even without subscribers. 0 freezes unwatched instruments (fully deterministic tests).
   */
  backgroundTicksPerSecond?: number;
  /** Starting cash per account in USD (default 1,000,000). */
  startingCash?: number;
  /** Seconds between unsolicited account value / summary re-sends (default 180, as TWS). */
  accountPushSeconds?: number;
  /**
   * Extra synthetic stocks SIM001…SIMnnn (conIds 900000001…, NASDAQ/NYSE alternately, USD 20–500) for load tests
   * that need more instruments than the catalogue lists (default 0).
   */
  syntheticInstruments?: number;
  /**
   * Positions the accounts hold from before the session (a paper account with history), booked into the broker
   * before any client connects: no orders or executions, cash paid at avgCost (default: the current mark).
   * Default none: an empty account. `demoPortfolio(clock.now())` is the demo's small multi-currency account.
   */
  initialPositions?: readonly InitialPosition[];
  log?: (line: string) => void;
}

export interface ConnectedClient {
  clientId: number;
  serverVersion: number;
}

export class TwsSimulator extends EventEmitter {
  readonly faults: Faults;
  /** The seeded market (catalogue, quotes, history): `sim.market.quote('AAPL')`, `sim.market.setPrice('AAPL', 190)`. */
  readonly market: Market;
  private readonly marketData: MarketDataHub;
  /** The broker record (orders, executions, positions, account values): it outlives connections and restarts. */
  readonly broker: Broker;
  private readonly history: HistoryHub;
  private readonly portfolio: PortfolioHub;
  private readonly extended: ExtendedRequests;
  private ticking: TickingHandle | undefined;
  private ticksPerSecond: number;
  private readonly server: TwsServer;
  /** The simulated wall clock (the one passed in, or the real clock). */
  readonly clock: SimClock;
  private readonly options: Required<Omit<TwsSimulatorOptions, 'log' | 'clock' | 'autoRestart'>> & { log: (line: string) => void };
  private readonly day: TwsDay | undefined;
  private state: TwsState = 'running';
  private readonly farms: Record<Farm, boolean> = { usfarm: true, ushmds: true, secdefil: true };

  constructor(options: TwsSimulatorOptions = {}) {
    super();
    this.clock = options.clock ?? new SimulatedClock();
    const now = (): number => this.clock.now();
    this.options = {
      seed: options.seed ?? 42,
      accounts: options.accounts ?? ['DU1234567'],
      serverVersion: options.serverVersion ?? MAX_SUPPORTED_SERVER_VERSION,
      minServerVersion: options.minServerVersion ?? MIN_SUPPORTED_SERVER_VERSION,
      ticksPerSecond: options.ticksPerSecond ?? 4,
      maxMessagesPerSecond: options.maxMessagesPerSecond ?? 50,
      pacingViolationsBeforeDisconnect: options.pacingViolationsBeforeDisconnect ?? 3,
      maxMarketDataLines: options.maxMarketDataLines ?? 100,
      marketDataPermission: options.marketDataPermission ?? 'live',
      maxClients: options.maxClients ?? 32,
      backgroundTicksPerSecond: options.backgroundTicksPerSecond ?? 1,
      startingCash: options.startingCash ?? 1_000_000,
      accountPushSeconds: options.accountPushSeconds ?? 180,
      syntheticInstruments: Math.max(0, Math.floor(options.syntheticInstruments ?? 0)),
      initialPositions: options.initialPositions ?? [],
      log: options.log ?? (() => undefined),
    };
    if (this.options.serverVersion > MAX_SUPPORTED_SERVER_VERSION || this.options.serverVersion < this.options.minServerVersion) {
      throw new Error(`serverVersion must be within ${this.options.minServerVersion}..${MAX_SUPPORTED_SERVER_VERSION}`);
    }
    this.ticksPerSecond = this.options.ticksPerSecond;
    if (this.options.syntheticInstruments > 999) throw new Error('syntheticInstruments must be at most 999 (SIM001..SIM999)');
    this.market = createMarket({ seed: this.options.seed, now, syntheticInstruments: this.options.syntheticInstruments });
    this.broker = new Broker(this.market, {
      accounts: this.options.accounts,
      startingCash: this.options.startingCash,
      at: (atMs, fn) => this.clock.at(atMs, fn),
    });
    for (const p of this.options.initialPositions) this.broker.seedPosition(p);
    const systemContext = {
      now,
      accounts: () => this.broker.accounts(),
      nextOrderId: (clientId: number) => this.broker.nextOrderId(clientId),
      farmOk: (farm: Farm) => this.farms[farm],
    };
    this.marketData = new MarketDataHub(
      this.market,
      () => this.options.maxMarketDataLines,
      () => this.options.marketDataPermission,
    );
    // The tick-emitted hook costs nothing until a benchmark listens for it.
    this.on('newListener', (event: string) => {
      if (event === 'tickEmitted') this.marketData.tickEmitted = (conId, price, at) => this.emit('tickEmitted', conId, price, at);
    });
    this.on('removeListener', (event: string) => {
      if (event === 'tickEmitted' && this.listenerCount('tickEmitted') === 0) this.marketData.tickEmitted = undefined;
    });
    this.history = new HistoryHub(this.market);
    this.portfolio = new PortfolioHub(this.broker, this.options.accountPushSeconds, now);
    this.extended = new ExtendedRequests(this.market, this.broker, {
      accountPushSeconds: this.options.accountPushSeconds,
      marketDataPermission: () => this.options.marketDataPermission,
    });
    const handlers = new Map<number, RequestHandler>([
      ...systemHandlers(systemContext),
      ...this.marketData.handlers(),
      ...contractHandlers(this.market),
      ...this.history.handlers(),
      ...this.portfolio.handlers(),
      ...scannerHandlers(this.market),
      ...this.extended.handlers(),
    ]);
    this.server = new TwsServer({
      minServerVersion: this.options.minServerVersion,
      maxServerVersion: this.options.serverVersion,
      maxMessagesPerSecond: this.options.maxMessagesPerSecond,
      pacingViolationsBeforeDisconnect: this.options.pacingViolationsBeforeDisconnect,
      maxClients: this.options.maxClients,
      handlers,
      now,
      onApiStarted: (session: Session) => sendWelcome(systemContext, session),
      onSessionClosed: (session: Session) => {
        this.marketData.dropSession(session);
        this.history.dropSession(session);
        this.portfolio.dropSession(session);
        this.extended.dropSession(session);
      },
      log: (line) => this.options.log(`[tws-sim] ${line}`),
    });
    const orders = new OrdersHub(this.broker, this.market, this.server);
    for (const [id, handler] of orders.handlers()) handlers.set(id, handler);
    const faultTarget: FaultTarget = {
      server: this.server,
      setMarketDataFlowing: (flowing, dropSubscriptions) => this.marketData.setFlowing(flowing, dropSubscriptions),
      setFarm: (farm, ok) => {
        this.farms[farm] = ok;
      },
      setCompeting: (on) => this.marketData.setCompeting(on),
      now,
      setTwsState: (state) => {
        if (state === this.state) return;
        this.state = state;
        this.emit('twsState', state);
      },
    };
    this.faults = new Faults(faultTarget);
    this.day = options.autoRestart
      ? new TwsDay(this.clock, options.autoRestart, {
          goDown: async () => {
            faultTarget.setTwsState('restarting');
            const closing = this.server.closeListener();
            this.server.closeAll();
            await closing;
          },
          comeUp: async (loggedIn) => {
            if (!loggedIn) return faultTarget.setTwsState('logged-out');
            await this.server.relisten();
            faultTarget.setTwsState('running');
          },
          log: (line) => this.options.log(`[tws-sim] ${line}`),
        })
      : undefined;
  }

  /** What TWS is doing: 'running', 'restarting' (daily auto-restart) or 'logged-out' (waiting for a login). */
  get twsState(): TwsState {
    return this.state;
  }

  /** The next daily auto-restart (simulated epoch ms), or undefined without `autoRestart`. */
  nextAutoRestart(): number | undefined {
    return this.day?.nextRestart();
  }

  /** Starts listening; resolves with the bound port (pass 0 for a free one). */
  async start(port = 0, host = '127.0.0.1'): Promise<number> {
    const bound = await this.server.listen(port, host);
    this.portfolio.start();
    this.extended.start();
    this.ticking?.stop();
    this.ticking = this.market.startTicking({
      rate: (conId) =>
        this.marketData.isSubscribed(conId) || this.extended.isStreaming(conId) ? this.ticksPerSecond : this.options.backgroundTicksPerSecond,
    });
    this.day?.start();
    return bound;
  }

  /** Closes the listener, every socket and every timer. */
  async stop(): Promise<void> {
    this.day?.stop();
    this.ticking?.stop();
    this.ticking = undefined;
    this.portfolio.stop();
    this.extended.stop();
    await this.server.stop();
  }

  /**
   * Changes the streaming rate (steps per second per subscribed instrument) while running. Load mode for
   * benchmarks: e.g. 5000 with 10 subscribed instruments gives well over 50,000 tick messages per second.
   */
  setTicksPerSecond(ticksPerSecond: number): void {
    this.ticksPerSecond = Math.max(0, ticksPerSecond);
  }

  /** Streaming market data lines currently open across all clients. */
  marketDataLines(): number {
    return this.marketData.lines;
  }

  get port(): number {
    return this.server.port;
  }

  connectedClients(): ConnectedClient[] {
    return this.server.readySessions().map((s) => ({ clientId: s.clientId, serverVersion: s.serverVersion }));
  }
}
