/**
 * Reconnect delays: exponential growth from `initialDelayMs` to `maxDelayMs`, each delay spread by ±jitter so that
 * several proxies (or a proxy and its restarted TWS) do not retry in lock-step. Pure: the random source is injected.
 */
export interface BackoffSettings {
  initialDelayMs: number;
  maxDelayMs: number;
  /** 0..1: fraction of the delay added or removed at random. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { initialDelayMs: 1000, maxDelayMs: 60_000, jitter: 0.2 };

/** Delay before retry number `attempt` (1-based). */
export function backoffDelay(attempt: number, s: BackoffSettings, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n-1) overflows to Infinity for huge n; Math.min keeps the cap.
  const base = Math.min(s.maxDelayMs, s.initialDelayMs * Math.pow(2, n - 1));
  const jitter = Math.min(1, Math.max(0, s.jitter));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(s.maxDelayMs, base + spread)));
}
