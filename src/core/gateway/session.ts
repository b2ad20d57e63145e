/**
 * One TWS session = one IBApi instance, from its TCP connect to its close. A fresh IBApi is built for every
 * attempt: @stoqey/ib keeps per-instance state (command buffer, rate-limiter FIFO, decoder queue) that must not
 * leak from a dead socket into the next one, and dropping every listener of a dead session in one call is what
 * makes "no listener leaks" hold by construction.
 */
import type { IBApi } from '@stoqey/ib';
import type { GatewayLogger } from './types.js';

interface LooseEmitter {
  on(event: string, fn: (...args: never[]) => void): unknown;
}

export class Session {
  serverVersion = 0;
  accounts: string[] = [];
  /** Latest nextValidId from TWS (the lowest order id TWS will accept from this client). */
  nextValidId = 0;
  ready = false;
  readonly startedAt = Date.now();

  constructor(
    readonly api: IBApi,
    readonly id: number,
    private readonly logger: GatewayLogger,
    /** The client id this session logged in with (the configured one, or another of the range). */
    readonly clientId: number,
  ) {}

  /**
   * Listens to an IBApi event. A throw inside our handler would otherwise unwind into the library's decoder loop
   * (events are emitted from inside the socket's data handler) and corrupt its queue or crash the process.
   */
  on<A extends unknown[]>(event: string, fn: (...args: A) => void): void {
    const guarded = (...args: A): void => {
      try {
        fn(...args);
      } catch (error) {
        this.logger.error(`[gateway] handler for '${event}' threw`, error);
      }
    };
    (this.api as unknown as LooseEmitter).on(event, guarded as unknown as (...args: never[]) => void);
  }
}
