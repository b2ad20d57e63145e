import { Broker } from '../../../src/simulator/broker/index.js';
import type { PlaceOrderRequest } from '../../../src/simulator/broker/index.js';
import { createMarket } from '../../../src/simulator/market/index.js';

export const ACCOUNT = 'DU1234567';
export const AAPL = 265598;
/** Wednesday 26 March 2025, 14:00 US/Eastern. */
export const NOW = Date.UTC(2025, 2, 26, 18, 0, 0);

export function setup(seed = 1) {
  const market = createMarket({ seed, now: () => NOW });
  const broker = new Broker(market);
  let nextId = 1;
  const place = (over: Partial<PlaceOrderRequest> = {}) =>
    broker.placeOrder({
      orderId: nextId++, clientId: 1, contract: { symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' },
      action: 'BUY', totalQuantity: 100, orderType: 'MKT', ...over,
    });
  return { market, broker, place, num: (key: string) => broker.accountNumber(ACCOUNT, key) };
}
