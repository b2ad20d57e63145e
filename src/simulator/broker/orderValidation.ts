/**
 * Checks a placeOrder request the way TWS does before accepting it, and normalises the wire's loose values
 * ("" / undefined / Double.MAX for unset, lower-case strings) into the broker's types.
 * Error codes and texts follow tws-protocol.md §8.
 */
import type { ContractDetails } from '../market/types.js';
import type { BrokerError, OrderAction, OrderType, PlaceOrderRequest, TimeInForce } from './types.js';

export interface NormalisedOrder {
  action: OrderAction;
  totalQuantity: number;
  orderType: OrderType;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: TimeInForce;
  trailingPercent: number | undefined;
  trailStopPrice: number | undefined;
  lmtPriceOffset: number | undefined;
}

const ORDER_TYPES: readonly OrderType[] = ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL', 'TRAIL LIMIT'];
const TIFS: readonly TimeInForce[] = ['DAY', 'GTC', 'IOC', 'FOK'];

/** Unset doubles arrive as undefined, NaN or Double.MAX (1.7976931348623157E308). */
export const isSet = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && Math.abs(x) < 1e300;
const opt = (x: number | undefined): number | undefined => (isSet(x) ? x : undefined);

const rejected = (id: number, reason: string): BrokerError => ({ id, code: 201, message: `Order rejected - reason:${reason}` });

const offTick = (price: number, tick: number): boolean => Math.abs(price / tick - Math.round(price / tick)) > 1e-6;

export function validateOrder(req: PlaceOrderRequest, details: ContractDetails): NormalisedOrder | BrokerError {
  const id = req.orderId;
  const action = req.action.trim().toUpperCase();
  if (action !== 'BUY' && action !== 'SELL') return rejected(id, `Invalid action '${req.action}'. Use BUY or SELL.`);
  const orderType = req.orderType.trim().toUpperCase().replace('_', ' ') as OrderType;
  if (!ORDER_TYPES.includes(orderType)) {
    return { id, code: 387, message: `Unsupported order type for this exchange and security type.` };
  }
  const tifText = (req.tif ?? '').trim().toUpperCase() || 'DAY';
  if (!TIFS.includes(tifText as TimeInForce)) return rejected(id, `Invalid time in force '${req.tif}'.`);
  const tif = tifText as TimeInForce;

  const qty = req.totalQuantity;
  if (!isSet(qty) || qty === 0) return { id, code: 434, message: 'The order size cannot be zero.' };
  if (qty < 0) return rejected(id, 'The order quantity must be a positive number.');
  if (details.sizeIncrement > 0 && Math.abs(qty / details.sizeIncrement - Math.round(qty / details.sizeIncrement)) > 1e-6) {
    return rejected(id, `The order size ${qty} is not a multiple of the size increment ${details.sizeIncrement}.`);
  }
  if (details.contract.secType === 'IND') return rejected(id, 'Indices are not tradable. Trade a future or an ETF on it instead.');

  const lmtPrice = opt(req.lmtPrice);
  const auxPrice = opt(req.auxPrice);
  const trailingPercent = opt(req.trailingPercent);
  const lmtPriceOffset = opt(req.lmtPriceOffset);
  const needsLimit = orderType === 'LMT' || orderType === 'STP LMT';
  if (needsLimit && lmtPrice === undefined) return rejected(id, `A limit price is required for ${orderType} orders.`);
  if ((orderType === 'STP' || orderType === 'STP LMT') && auxPrice === undefined) {
    return rejected(id, `A stop price (auxPrice) is required for ${orderType} orders.`);
  }
  if (orderType === 'TRAIL' || orderType === 'TRAIL LIMIT') {
    if (auxPrice === undefined && trailingPercent === undefined) return rejected(id, 'A trailing amount (auxPrice) or trailing percent is required.');
    if ((auxPrice !== undefined && auxPrice <= 0) || (trailingPercent !== undefined && (trailingPercent <= 0 || trailingPercent >= 100))) {
      return rejected(id, 'The trailing amount or percent must be positive.');
    }
    if (orderType === 'TRAIL LIMIT' && lmtPriceOffset === undefined && lmtPrice === undefined) {
      return rejected(id, 'A limit price offset is required for TRAIL LIMIT orders.');
    }
  }
  if (needsLimit && lmtPrice! <= 0) return rejected(id, 'The limit price must be positive.');
  if ((orderType === 'STP' || orderType === 'STP LMT') && auxPrice! <= 0) return rejected(id, 'The stop price must be positive.');
  const tick = details.minTick;
  const priced = [needsLimit ? lmtPrice : undefined, orderType === 'STP' || orderType === 'STP LMT' ? auxPrice : undefined];
  if (priced.some((p) => p !== undefined && offTick(p, tick))) {
    return { id, code: 110, message: 'The price does not conform to the minimum price variation for this contract.' };
  }
  return {
    action,
    totalQuantity: qty,
    orderType,
    // A MKT order's stray price fields are ignored by TWS; keep them out of the record.
    lmtPrice: orderType === 'MKT' || orderType === 'STP' || orderType === 'TRAIL' ? undefined : lmtPrice,
    auxPrice: orderType === 'MKT' || orderType === 'LMT' ? undefined : auxPrice,
    tif,
    trailingPercent: orderType === 'TRAIL' || orderType === 'TRAIL LIMIT' ? trailingPercent : undefined,
    trailStopPrice: orderType === 'TRAIL' || orderType === 'TRAIL LIMIT' ? opt(req.trailStopPrice) : undefined,
    lmtPriceOffset: orderType === 'TRAIL LIMIT' ? lmtPriceOffset : undefined,
  };
}
