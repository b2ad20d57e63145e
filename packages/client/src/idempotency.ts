/**
 * Idempotency keys for placements. One key per placement call: every retry of that call (after a dropped reply,
 * a reconnect, a timeout the caller retries) sends the same key, so the proxy returns the order it already placed
 * instead of placing another. The key travels to TWS as orderRef, so this holds across proxy restarts too.
 */
import { randomId } from './runtime.js';

/** 'er-' + a UUID: 39 characters, within the server's 64 and free of control characters. */
export function newIdempotencyKey(): string {
  return `er-${randomId()}`;
}
