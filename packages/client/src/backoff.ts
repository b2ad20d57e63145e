/**
 * Reconnect and retry delays: exponential with "full jitter" (a random delay between 0 and the exponential cap),
 * so that many clients dropped at once (a proxy restart) do not all come back in the same millisecond.
 */

export interface BackoffOptions {
  /** First cap, in ms. Default 250. */
  initialDelayMs?: number;
  /** Largest cap, in ms. Default 30 000. */
  maxDelayMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
}

export function backoffDelay(attempt: number, o: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = o.initialDelayMs ?? 250;
  const max = o.maxDelayMs ?? 30_000;
  const cap = Math.min(max, initial * Math.pow(o.factor ?? 2, Math.max(0, attempt)));
  // Never quite 0: a floor of a tenth of the first delay keeps a failing loop from spinning.
  return Math.max(initial / 10, Math.round(random() * cap));
}
