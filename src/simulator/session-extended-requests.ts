/**
 * The request families other TWS clients (ib_async, IBKR's sample programs) send and @stoqey/ib-based code rarely
 * does: account updates per account, option chains, reference data, display groups, option calculations, real-time
 * bars and the services a paper account is refused. One object, so the simulator wires them in one place.
 */
import type { BrokerApi } from './broker/types.js';
import type { Market } from './market/types.js';
import type { RequestHandler, Session } from './session.js';
import { AccountUpdatesMultiHub } from './session-account-multi.js';
import { optionParamsHandlers } from './session-option-params.js';
import { referenceDataHandlers } from './session-reference-data.js';
import { notEntitledHandlers } from './session-not-entitled.js';
import { DisplayGroups } from './session-display-groups.js';
import { optionCalculationHandlers } from './session-option-calculations.js';
import { RealTimeBarsHub } from './session-realtime-bars.js';

export interface ExtendedRequestsOptions {
  /** Seconds between checks for account values that moved with the market. */
  accountPushSeconds: number;
  marketDataPermission: () => 'live' | 'delayed-only' | 'none';
}

export class ExtendedRequests {
  private readonly accountUpdatesMulti: AccountUpdatesMultiHub;
  private readonly displayGroups: DisplayGroups;
  private readonly realTimeBars: RealTimeBarsHub;

  constructor(
    private readonly market: Market,
    private readonly broker: BrokerApi,
    options: ExtendedRequestsOptions,
  ) {
    this.accountUpdatesMulti = new AccountUpdatesMultiHub(broker, options.accountPushSeconds);
    this.displayGroups = new DisplayGroups(market);
    this.realTimeBars = new RealTimeBarsHub(market, options.marketDataPermission);
  }

  handlers(): [number, RequestHandler][] {
    return [
      ...this.accountUpdatesMulti.handlers(),
      ...optionParamsHandlers(this.market),
      ...referenceDataHandlers(this.market, { accounts: () => this.broker.accounts() }),
      ...notEntitledHandlers(),
      ...optionCalculationHandlers(this.market),
      ...this.realTimeBars.handlers(),
      ...this.displayGroups.handlers(),
    ];
  }

  /** Instruments a real-time-bar subscription keeps stepping at the streaming rate, as a market data line does. */
  isStreaming(conId: number): boolean {
    return this.realTimeBars.isSubscribed(conId);
  }

  dropSession(session: Session): void {
    this.accountUpdatesMulti.dropSession(session);
    this.displayGroups.dropSession(session);
    this.realTimeBars.dropSession(session);
  }

  start(): void {
    this.accountUpdatesMulti.start();
  }

  stop(): void {
    this.accountUpdatesMulti.stop();
    this.realTimeBars.stop();
  }
}
