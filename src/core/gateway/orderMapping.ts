/**
 * Translation between the frontend's order vocabulary and @stoqey/ib's Order. Pure.
 */
import { OrderAction, type OrderType as IbOrderType, type Order as IbOrder } from '@stoqey/ib';
import { orderPriceIssues, type OrderAction as Action, type OrderType, type TimeInForce } from '../../common/contract.js';
import { ORDER_TYPE_TO_IB } from './orderRecord.js';

export interface OrderSpec {
  action: Action;
  quantity: number;
  orderType: OrderType;
  price?: number;
  auxPrice?: number;
  timeInForce?: TimeInForce;
  outsideRth?: boolean;
  accountId?: string;
  idempotencyKey?: string;
}

export function toIbOrder(o: OrderSpec, extra: Partial<IbOrder> = {}): IbOrder {
  const order: IbOrder = {
    orderType: ORDER_TYPE_TO_IB[o.orderType] as IbOrderType,
    action: o.action === 'BUY' ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: o.quantity,
    tif: o.timeInForce ?? 'DAY',
    transmit: true,
    ...extra,
  };
  // Price fields only where the order type uses them: TWS rejects a MKT order that carries a limit price.
  if (o.orderType === 'LMT' || o.orderType === 'STP_LMT' || o.orderType === 'TRAIL_LIMIT') order.lmtPrice = o.price;
  if (o.orderType === 'STP' || o.orderType === 'STP_LMT' || o.orderType === 'TRAIL' || o.orderType === 'TRAIL_LIMIT') {
    order.auxPrice = o.auxPrice;
  }
  if (o.outsideRth) order.outsideRth = true;
  if (o.accountId) order.account = o.accountId;
  // The idempotency key travels to TWS as orderRef, so it survives our process: reconciliation maps it back.
  if (o.idempotencyKey) order.orderRef = o.idempotencyKey;
  return order;
}

/** Everything wrong with an order spec, as sentences (empty = valid). */
export function orderSpecIssues(o: OrderSpec): string[] {
  const issues = orderPriceIssues(o);
  if (!(o.quantity > 0) || !Number.isFinite(o.quantity)) issues.push('quantity must be greater than 0');
  for (const [name, v] of [
    ['price', o.price],
    ['auxPrice', o.auxPrice],
  ] as const) {
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) issues.push(`${name} must be a positive number`);
  }
  return issues;
}

export function opposite(action: Action): Action {
  return action === 'BUY' ? 'SELL' : 'BUY';
}
