/**
 * What every TWS / @stoqey/ib error code means to the proxy: how bad it is, whether the system recovers on its
 * own, and which part of the gateway has to act on it. Unknown codes fall back by range (IBKR's own convention:
 * 2100-2999 are warnings, 10000+ mostly request-level problems).
 */
import type { IBKRError, Severity } from '../../common/contract.js';

export type ErrorKind =
  | 'connection' // the socket or session is unusable (326, 502, 504, 1300...)
  | 'connectivity' // TWS <-> IBKR servers (1100, 1101, 1102, 2110)
  | 'farm' // data farm status infos (2103-2108, 2119, 2157, 2158)
  | 'market_data' // line / permission problems for one ticker
  | 'order' // one order was rejected, cancelled or could not be changed
  | 'request' // one request failed (no contract, bad request, pacing)
  | 'pacing' // message-rate violations
  | 'decoder' // the client library could not decode a message
  | 'info'; // nothing to do

export interface ErrorInfo {
  severity: Severity;
  recoverable: boolean;
  kind: ErrorKind;
}

const e = (severity: Severity, recoverable: boolean, kind: ErrorKind): ErrorInfo => ({ severity, recoverable, kind });

export const ERROR_TABLE: ReadonlyMap<number, ErrorInfo> = new Map<number, ErrorInfo>([
  [100, e('high', true, 'pacing')], // max message rate exceeded (id = violation count, not a request id)
  [101, e('high', true, 'market_data')], // max number of tickers reached
  [102, e('medium', true, 'market_data')], // duplicate ticker id
  [103, e('high', false, 'order')], // duplicate order id
  [104, e('medium', false, 'order')], // can't modify a filled order
  [105, e('medium', false, 'order')], // modified order doesn't match original
  [110, e('medium', false, 'order')], // price does not conform to min tick
  [135, e('medium', false, 'order')], // can't find order
  [161, e('low', false, 'order')], // cancel attempted when not cancellable
  [162, e('medium', true, 'request')], // historical data service error / pacing violation
  [165, e('low', true, 'info')], // historical data service info
  [200, e('medium', false, 'request')], // no security definition found
  [201, e('high', false, 'order')], // order rejected
  [202, e('low', false, 'order')], // order cancelled
  [300, e('low', false, 'market_data')], // can't find EId for cancel
  [320, e('high', false, 'request')], // error reading request
  [321, e('high', false, 'request')], // error validating request
  [322, e('high', false, 'request')], // error processing request
  [326, e('critical', false, 'connection')], // client id already in use
  [354, e('medium', true, 'market_data')], // market data not subscribed
  [366, e('low', false, 'request')], // no historical query for that ticker id
  [399, e('low', true, 'order')], // order message warning (non-fatal)
  [434, e('medium', false, 'order')], // order size cannot be zero
  [501, e('critical', false, 'connection')], // already connected
  [502, e('critical', true, 'connection')], // couldn't connect to TWS
  [503, e('critical', false, 'connection')], // TWS out of date
  [504, e('high', true, 'connection')], // not connected
  [505, e('medium', true, 'decoder')], // fatal decode error / unknown message (message dropped)
  [506, e('critical', false, 'connection')], // unsupported version
  [507, e('high', true, 'decoder')], // bad message length
  [1100, e('critical', true, 'connectivity')], // connectivity between IB and TWS lost
  [1101, e('high', true, 'connectivity')], // restored, data lost
  [1102, e('medium', true, 'connectivity')], // restored, data maintained
  [1300, e('critical', true, 'connection')], // socket port reset
  [2100, e('medium', true, 'info')], // account data subscription stolen by another client
  [2101, e('medium', false, 'request')], // unable to subscribe to account
  [2103, e('high', true, 'farm')], // market data farm broken
  [2104, e('low', true, 'farm')], // market data farm OK
  [2105, e('medium', true, 'farm')], // HMDS farm broken
  [2106, e('low', true, 'farm')], // HMDS farm OK
  [2107, e('low', true, 'farm')], // HMDS farm inactive
  [2108, e('low', true, 'farm')], // market data farm inactive
  [2110, e('critical', true, 'connectivity')], // TWS <-> server broken, restoring
  [2119, e('low', true, 'farm')], // market data farm connecting
  [2157, e('medium', true, 'farm')], // sec-def farm broken
  [2158, e('low', true, 'farm')], // sec-def farm OK
  [10089, e('medium', false, 'market_data')], // additional subscription required
  [10090, e('low', true, 'market_data')], // part of the data not subscribed
  [10147, e('medium', false, 'order')], // order to cancel not found
  [10148, e('medium', false, 'order')], // order cannot be cancelled in its state
  [10167, e('low', true, 'market_data')], // not subscribed, displaying delayed data
  [10168, e('medium', false, 'market_data')], // not subscribed, delayed not enabled
  [10197, e('medium', true, 'market_data')], // competing live session
]);

/** Codes that mean "no live subscription for this instrument": switch the line to delayed data. */
export const NO_LIVE_DATA_CODES: ReadonlySet<number> = new Set([354, 10168, 10089]);

export function classifyError(code: number, message = ''): ErrorInfo {
  const known = ERROR_TABLE.get(code);
  if (known) return known;
  if (code >= 2100 && code <= 2999) return e('low', true, 'info');
  if (/warning/i.test(message)) return e('low', true, 'info');
  if (code >= 10000) return e('medium', false, 'request');
  return e('medium', false, 'request');
}

export function toIBKRError(
  id: number,
  code: number,
  message: string,
  now: Date = new Date(),
  context?: Record<string, unknown>,
): IBKRError {
  const info = classifyError(code, message);
  const err: IBKRError = {
    id,
    code,
    message,
    severity: info.severity,
    timestamp: now.toISOString(),
    recoverable: info.recoverable,
  };
  if (context) err.context = context;
  return err;
}
