/**
 * The client's side of the proxy's per-connection limits (docs/api.md): a token bucket for messages per second and
 * a cap on requests waiting for their reply. Staying under them means the server never has to answer
 * `rate_limited` or `too_many_in_flight`, and never cuts the connection off for flooding.
 */

export interface SendLimits {
  /** Messages per second (and burst). The proxy allows 50 by default (WS_RATE_LIMIT); default 40. */
  messagesPerSecond?: number;
  /** Requests waiting for their reply at once. The proxy allows 16 by default (WS_MAX_IN_FLIGHT); default 16. */
  maxInFlight?: number;
}

export class MessageBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perSecond;
    this.last = now();
  }

  /** Takes one message's token: 0 when taken, else the ms until one is there (nothing is taken then). */
  take(): number {
    const t = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((t - this.last) * this.perSecond) / 1000);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }
}
