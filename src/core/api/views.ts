/** Small read models shared by REST routes and WebSocket handlers, so both answer with the same shapes. */
import type { Order, OrderResponse } from '../../common/contract.js';
import type { ApiGateway, ApiSettings } from './ports.js';

export function toOrderResponse(order: Order): OrderResponse {
  return {
    orderId: order.orderId,
    status: order.status,
    filled: order.filled,
    avgFillPrice: order.avgFillPrice,
    remaining: order.remaining,
    timestamp: order.timestamp,
    commission: order.commission,
    order,
  };
}

export function tradingStatus(deps: { gateway: ApiGateway; settings: ApiSettings }): {
  tradingBlocked: boolean;
  readOnly: boolean;
} {
  return { tradingBlocked: deps.gateway.getStatus().tradingBlocked, readOnly: deps.settings.trading?.readOnly ?? false };
}

/** The gateway may answer P&L for one account or for all: the API always answers a list. */
export function pnlList<T>(p: T[] | T | null | undefined): T[] {
  if (p === null || p === undefined) return [];
  return Array.isArray(p) ? p : [p];
}
