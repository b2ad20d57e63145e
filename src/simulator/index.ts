/**
 * The TWS simulator: a TCP server speaking the real TWS socket protocol (server versions 157..193), backed by a
 * seeded market and a broker, with a fault API for tests. See docs/simulator.md.
 */
import { EventEmitter } from 'node:events';
import { Faults, type Farm } from './faults.js';
import { TwsServer } from './server.js';
import type { RequestHandler, Session } from './session.js';
import { sendWelcome, systemHandlers } from './session-system.js';
import { MAX_SUPPORTED_SERVER_VERSION, MIN_SUPPORTED_SERVER_VERSION } from './protocol/serverVersions.js';

export interface TwsSimulatorOptions {
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
  log?: (line: string) => void;
}

export interface ConnectedClient {
  clientId: number;
  serverVersion: number;
}

export class TwsSimulator extends EventEmitter {
  readonly faults: Faults;
  private readonly server: TwsServer;
  private readonly options: Required<Omit<TwsSimulatorOptions, 'log'>> & { log: (line: string) => void };
  private readonly farms: Record<Farm, boolean> = { usfarm: true, ushmds: true, secdefil: true };
  private readonly orderIds = new Map<number, number>();

  constructor(options: TwsSimulatorOptions = {}) {
    super();
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
      log: options.log ?? (() => undefined),
    };
    if (this.options.serverVersion > MAX_SUPPORTED_SERVER_VERSION || this.options.serverVersion < this.options.minServerVersion) {
      throw new Error(`serverVersion must be within ${this.options.minServerVersion}..${MAX_SUPPORTED_SERVER_VERSION}`);
    }
    const systemContext = {
      accounts: () => this.options.accounts,
      nextOrderId: (clientId: number) => this.orderIds.get(clientId) ?? 1,
      farmOk: (farm: Farm) => this.farms[farm],
    };
    const handlers = new Map<number, RequestHandler>(systemHandlers(systemContext));
    this.server = new TwsServer({
      minServerVersion: this.options.minServerVersion,
      maxServerVersion: this.options.serverVersion,
      maxMessagesPerSecond: this.options.maxMessagesPerSecond,
      pacingViolationsBeforeDisconnect: this.options.pacingViolationsBeforeDisconnect,
      maxClients: this.options.maxClients,
      handlers,
      onApiStarted: (session: Session) => sendWelcome(systemContext, session),
      onSessionClosed: () => undefined,
      log: (line) => this.options.log(`[tws-sim] ${line}`),
    });
    this.faults = new Faults({
      server: this.server,
      setMarketDataFlowing: () => undefined,
      setFarm: (farm, ok) => {
        this.farms[farm] = ok;
      },
    });
  }

  /** Starts listening; resolves with the bound port (pass 0 for a free one). */
  async start(port = 0, host = '127.0.0.1'): Promise<number> {
    return this.server.listen(port, host);
  }

  /** Closes the listener, every socket and every timer. */
  async stop(): Promise<void> {
    await this.server.stop();
  }

  get port(): number {
    return this.server.port;
  }

  connectedClients(): ConnectedClient[] {
    return this.server.readySessions().map((s) => ({ clientId: s.clientId, serverVersion: s.serverVersion }));
  }
}
