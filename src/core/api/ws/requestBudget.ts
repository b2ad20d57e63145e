/**
 * What one WebSocket client may ask of the proxy, so that one client cannot stall everyone (the REST rate limit
 * used to be bypassed over the socket: 20,000 get_orders from one client stalled /health for seconds).
 *
 *  - Rate: a token bucket of `perSecond` tokens, refilled continuously at `perSecond` per second; every inbound
 *    message takes one. A message without a token is refused (`rate_limited`).
 *  - Cut-off: more than `perSecond` refusals in a row (twice the budget in a burst) means the client is not
 *    listening to the refusals: it is cut off and the hub closes it (1008), ignoring whatever it still sends.
 *  - In flight: at most `maxInFlight` requests waiting for their reply; one more is refused (`too_many_in_flight`).
 *
 * Time is an input (`now`), so the rules are tested without waiting.
 */
export type RateVerdict = 'ok' | 'rate_limited' | 'cut_off';

export class RequestBudget {
  private tokens: number;
  private refilledAt: number;
  private refusedInARow = 0;
  private waiting = 0;

  constructor(
    readonly perSecond: number,
    readonly maxInFlight: number,
    private readonly now: () => number,
  ) {
    this.tokens = perSecond;
    this.refilledAt = now();
  }

  /** One inbound message: does it fit the rate? */
  take(): RateVerdict {
    const t = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((t - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = t;
    if (this.tokens < 1) {
      this.refusedInARow++;
      return this.refusedInARow > this.perSecond ? 'cut_off' : 'rate_limited';
    }
    this.tokens -= 1;
    this.refusedInARow = 0;
    return 'ok';
  }

  /** A request starts waiting for its reply; false when the client already has `maxInFlight` waiting. */
  begin(): boolean {
    if (this.waiting >= this.maxInFlight) return false;
    this.waiting++;
    return true;
  }

  /** Its reply went out (or will never go out). */
  end(): void {
    this.waiting = Math.max(0, this.waiting - 1);
  }

  get inFlight(): number {
    return this.waiting;
  }
}
