/**
 * The one error type the service throws to its callers. `code` is stable and machine-readable; `httpStatus` is what
 * the REST layer should answer with, so no caller has to keep its own mapping.
 */
export const GATEWAY_ERROR_STATUS = {
  not_connected: 503,
  unknown_symbol: 400,
  invalid_request: 400,
  line_budget_exhausted: 429,
  order_rejected: 422,
  risk_check_failed: 422,
  trading_blocked: 423,
  read_only: 403,
  order_not_found: 404,
  timeout: 504,
  connection_lost: 503,
  disconnected: 503,
  request_failed: 502,
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERROR_STATUS;

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly httpStatus: number;
  /** The TWS error code behind this failure, when there is one (e.g. 201 for an order rejection). */
  readonly ibCode?: number;

  constructor(code: GatewayErrorCode, message: string, ibCode?: number) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.httpStatus = GATEWAY_ERROR_STATUS[code];
    if (ibCode !== undefined) this.ibCode = ibCode;
  }
}

export function isGatewayError(e: unknown, code?: GatewayErrorCode): e is GatewayError {
  return e instanceof GatewayError && (code === undefined || e.code === code);
}
