/**
 * When a WebSocket session must end: a new socket must authenticate by a deadline, and an authenticated session
 * lasts as long as its token. One deadline per client, replaced as the session moves on (authenticated, then
 * authenticated again with a fresh token). Time is an input (HubClock), so tests can drive it.
 */
import type { WsClient } from './wsClient.js';

export interface HubClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: HubClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Why a session ends: the `error` payload code, the close reason, and the sentence for the client. */
export interface SessionEnd {
  code: string;
  closeReason: string;
  message: string;
}

export const authenticationTimeout = (ms: number): SessionEnd => ({
  code: 'authentication_timeout',
  closeReason: 'authentication timeout',
  message: `Not authenticated within ${ms} ms of connecting; connect again and send {"type": "authenticate", "payload": {"token": "<JWT>"}} first`,
});

export const TOKEN_EXPIRED: SessionEnd = {
  code: 'token_expired',
  closeReason: 'token expired',
  message: 'Your session token expired; log in again (POST /api/auth/login) and authenticate with the new token',
};

/** Longest single timer (setTimeout's limit, ~24.8 days); a later deadline is reached in several steps. */
const MAX_TIMER_MS = 2_147_483_647;

export class SessionDeadlines {
  private readonly timers = new WeakMap<WsClient, unknown>();

  constructor(
    private readonly clock: HubClock,
    private readonly end: (client: WsClient, why: SessionEnd) => void,
  ) {}

  /** The session ends at `at` (epoch ms) for `why`, unless armed again or cleared before. */
  arm(client: WsClient, at: number, why: SessionEnd): void {
    this.clear(client);
    const fire = (): void => {
      const left = at - this.clock.now();
      if (left > 0) {
        this.timers.set(client, this.clock.setTimeout(fire, Math.min(left, MAX_TIMER_MS)));
        return;
      }
      this.timers.delete(client);
      this.end(client, why);
    };
    this.timers.set(client, this.clock.setTimeout(fire, Math.min(Math.max(0, at - this.clock.now()), MAX_TIMER_MS)));
  }

  clear(client: WsClient): void {
    const handle = this.timers.get(client);
    if (handle === undefined) return;
    this.clock.clearTimeout(handle);
    this.timers.delete(client);
  }
}
