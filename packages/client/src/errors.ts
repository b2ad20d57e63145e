/**
 * Every failure the client reports is one of these classes, so a caller can branch with `instanceof` (or on
 * `kind`) instead of parsing sentences:
 *
 *  - ProxyApiError: the server answered and refused (HTTP status for REST, a stable `code`, the server's sentence).
 *  - ProxyTimeoutError: no answer in time. The request may still have been carried out.
 *  - ProxyConnectionError: the server could not be reached, or the connection closed before the answer.
 *  - ProxyProtocolError: an answer that does not match the shared schema (a client and server out of step).
 *  - ProxyClosedError: the client was closed (or gave up for good) while the call waited.
 *
 * Errors of order placements carry the Idempotency-Key the placement used: retrying with it (placeOrder's
 * `idempotencyKey` option) returns the order already placed, never a second one.
 */

export type Transport = 'rest' | 'ws';
export type ProxyErrorKind = 'api' | 'timeout' | 'connection' | 'protocol' | 'closed';

interface ErrorContext {
  /** The REST route name or WebSocket message type of the call. */
  operation: string;
  transport: Transport;
  idempotencyKey?: string | undefined;
  cause?: unknown;
}

export abstract class ProxyClientError extends Error {
  abstract readonly kind: ProxyErrorKind;
  readonly operation: string;
  readonly transport: Transport;
  readonly idempotencyKey: string | undefined;

  constructor(message: string, ctx: ErrorContext) {
    super(message, ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.name = new.target.name;
    this.operation = ctx.operation;
    this.transport = ctx.transport;
    this.idempotencyKey = ctx.idempotencyKey;
  }
}

/** Codes for REST refusals that carry none in their body (the contract's 401 / 403 / 404 / 429 ...). */
function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'server_error' : `http_${status}`;
  }
}

export interface ApiErrorDetails extends ErrorContext {
  /** HTTP status (REST only). */
  status?: number | undefined;
  /** The server's code; derived from the status when a REST body has none. */
  code?: string | number | undefined;
  issues?: readonly unknown[] | undefined;
  retryAfterMs?: number | undefined;
}

export class ProxyApiError extends ProxyClientError {
  readonly kind = 'api' as const;
  /** HTTP status of a REST refusal; undefined on the WebSocket. */
  readonly status: number | undefined;
  /**
   * Stable and machine-readable: `invalid_payload`, `idempotency_key_reused`, `risk_check_failed`,
   * `trading_blocked`, `not_connected`, `rate_limited`, ... (docs/api.md lists them). REST refusals without a code
   * get one from their status: `unauthorized` (401), `forbidden` (403), `not_found`, `rate_limited` (429).
   */
  readonly code: string;
  /** The zod issues of a validation error (400 / invalid_payload). */
  readonly issues: readonly unknown[] | undefined;
  /** How long the server asked to wait (429 Retry-After). */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, d: ApiErrorDetails) {
    super(message, d);
    this.status = d.status;
    this.code = d.code !== undefined ? String(d.code) : d.status !== undefined ? codeForStatus(d.status) : 'unknown';
    this.issues = d.issues;
    this.retryAfterMs = d.retryAfterMs;
  }
}

export class ProxyTimeoutError extends ProxyClientError {
  readonly kind = 'timeout' as const;
  constructor(
    readonly timeoutMs: number,
    ctx: ErrorContext,
  ) {
    super(`${ctx.operation} got no answer within ${timeoutMs} ms; it may still have been carried out`, ctx);
  }
}

export class ProxyConnectionError extends ProxyClientError {
  readonly kind = 'connection' as const;
}

export class ProxyProtocolError extends ProxyClientError {
  readonly kind = 'protocol' as const;
  constructor(
    message: string,
    ctx: ErrorContext,
    readonly issues: readonly unknown[] = [],
  ) {
    super(message, ctx);
  }
}

export class ProxyClosedError extends ProxyClientError {
  readonly kind = 'closed' as const;
}

/** True for a refusal with this code (or one of these codes): `if (isApiError(e, 'trading_blocked')) ...`. */
export function isApiError(e: unknown, ...codes: string[]): e is ProxyApiError {
  return e instanceof ProxyApiError && (codes.length === 0 || codes.includes(e.code));
}
