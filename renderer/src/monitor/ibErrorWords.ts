/**
 * TWS error and warning codes in plain words: TWS's own messages are terse ("Error 1100") and traders should not
 * need the API documentation to know whether to act. Unknown codes fall back to IBKR's ranges.
 */
const WORDS: Record<number, string> = {
  100: 'Too many messages per second were sent to TWS; the proxy slows down.',
  101: 'The account has reached its limit of simultaneous market-data lines.',
  103: 'An order id was used twice; the order was refused.',
  104: 'A filled order cannot be modified.',
  110: 'The price does not match the instrument’s minimum tick size.',
  135: 'TWS does not know this order (already gone?).',
  161: 'The order could not be cancelled in its current state.',
  162: 'Historical data request failed or came too fast (pacing).',
  200: 'No instrument matches this symbol; check the symbol, exchange and currency.',
  201: 'The order was rejected by TWS or the broker.',
  202: 'The order was cancelled.',
  321: 'TWS refused the request as invalid.',
  322: 'TWS could not process the request.',
  326: 'Another application already uses this client id with TWS; choose another client id.',
  354: 'No market-data subscription for this instrument; delayed data is used if available.',
  399: 'Order warning from TWS (the order goes on).',
  434: 'The order size cannot be zero.',
  502: 'Could not connect to TWS: is it running, with the API enabled on this port?',
  504: 'Not connected to TWS.',
  1100: 'TWS lost its connection to the IBKR servers; waiting for it to come back.',
  1101: 'TWS reconnected to IBKR, but data was lost; the proxy resubscribes.',
  1102: 'TWS reconnected to IBKR and data was kept.',
  1300: 'TWS moved to another socket port; reconnecting.',
  2103: 'A market-data farm connection is broken; quotes may stop.',
  2104: 'Market-data farm connection is OK.',
  2105: 'The historical-data farm connection is broken.',
  2106: 'Historical-data farm connection is OK.',
  2107: 'The historical-data farm is inactive but available on demand.',
  2108: 'A market-data farm is inactive but available on demand.',
  2110: 'Connectivity between TWS and the IBKR servers is broken; TWS is restoring it.',
  2119: 'Connecting to a market-data farm.',
  2157: 'The security-definition farm connection is broken.',
  2158: 'Security-definition farm connection is OK.',
  10089: 'An additional market-data subscription is required for this instrument.',
  10147: 'The order to cancel was not found.',
  10148: 'The order cannot be cancelled in its current state.',
  10167: 'No live subscription: showing delayed market data.',
  10168: 'No live subscription and delayed data is not enabled for this account.',
  10197: 'Another session (TWS or mobile) is using live market data; this one gets none.',
};

export function explainIbCode(code: number): string {
  const known = WORDS[code];
  if (known) return known;
  if (code >= 2100 && code < 3000) return 'Information from TWS; nothing to do.';
  if (code >= 10000) return 'A request was refused by TWS.';
  return 'An error reported by TWS.';
}
