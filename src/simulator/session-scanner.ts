/**
 * Market scanner: reqScannerParameters (a small XML document in TWS's format) and reqScannerSubscription,
 * ranking the catalogue's stocks from the live model (volume for MOST_ACTIVE, day change for gainers/losers).
 */
import type { Market } from './market/types.js';
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { encodeScannerData, encodeScannerParameters } from './protocol/encoders/scanner.js';
import type { RequestHandler, Session } from './session.js';
import { wireContract } from './session-convert.js';

const PARAMETERS_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ScanParameterResponse><InstrumentList><Instrument><name>US Stocks</name><type>STK</type></Instrument></InstrumentList>' +
  '<LocationTree><Location><displayName>US Stocks</displayName><locationCode>STK.US</locationCode></Location></LocationTree>' +
  '<ScanTypeList><ScanType><displayName>Most Active</displayName><scanCode>MOST_ACTIVE</scanCode></ScanType>' +
  '<ScanType><displayName>Top % Gainers</displayName><scanCode>TOP_PERC_GAIN</scanCode></ScanType>' +
  '<ScanType><displayName>Top % Losers</displayName><scanCode>TOP_PERC_LOSE</scanCode></ScanType></ScanTypeList></ScanParameterResponse>';

export function scannerHandlers(market: Market): [number, RequestHandler][] {
  return [
    [IN.REQ_SCANNER_PARAMETERS, (s) => s.send(encodeScannerParameters(PARAMETERS_XML))],
    [IN.REQ_SCANNER_SUBSCRIPTION, (s, r) => scan(market, s, r)],
    [IN.CANCEL_SCANNER_SUBSCRIPTION, () => undefined],
  ];
}

function scan(market: Market, session: Session, r: FieldReader): void {
  // The version field disappeared at 143 (SCANNER_GENERIC_OPTS); every version spoken here is newer.
  const reqId = r.int();
  const rows = r.intOpt() ?? 50;
  r.str(); // instrument
  r.str(); // locationCode
  const scanCode = r.str().toUpperCase();
  const abovePrice = r.doubleOpt();
  const belowPrice = r.doubleOpt();
  const aboveVolume = r.doubleOpt();
  // The remaining filters (ratings, maturities, tag/value options) do not narrow a stock-only catalogue.
  const candidates = market.catalogue
    .all()
    .filter((d) => d.contract.secType === 'STK')
    .map((d) => ({ d, q: market.quote(d.contract.conId) }))
    .filter(({ q }) => q !== undefined && q.last > 0)
    .filter(({ q }) => (abovePrice === undefined || (q?.last ?? 0) > abovePrice) && (belowPrice === undefined || (q?.last ?? 0) < belowPrice))
    .filter(({ q }) => aboveVolume === undefined || (q?.volume ?? 0) > aboveVolume);
  const change = (q: { last: number; close: number } | undefined) => (q && q.close > 0 ? q.last / q.close - 1 : 0);
  if (scanCode === 'TOP_PERC_GAIN') candidates.sort((a, b) => change(b.q) - change(a.q));
  else if (scanCode === 'TOP_PERC_LOSE') candidates.sort((a, b) => change(a.q) - change(b.q));
  else candidates.sort((a, b) => (b.q?.volume ?? 0) - (a.q?.volume ?? 0));
  const top = candidates.slice(0, Math.max(0, Math.min(rows, 50)));
  session.send(encodeScannerData(reqId, top.map(({ d }) => ({ contract: wireContract(d.contract), marketName: d.marketName }))));
}
