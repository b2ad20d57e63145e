/**
 * What the order desk needs of the gateway and the logger. GatewayService satisfies it structurally; naming only
 * what is used keeps the desk testable and shows the coupling.
 */
import type { EventEmitter } from 'node:events';
import type { Order, OrderRequest } from '../../common/contract.js';
import type { BracketRequest, GatewayEvents, OrderChanges } from '../gateway/types.js';

/** The gateway's order commands; its 'orderStatus' and 'executionReport' events are journaled. */
export interface OrdersGateway extends EventEmitter<GatewayEvents> {
  placeOrder(req: OrderRequest): Promise<Order>;
  placeBracket(req: BracketRequest): Promise<Order[]>;
  modifyOrder(orderId: number, changes: OrderChanges): Promise<Order>;
  cancelOrder(orderId: number): Promise<Order>;
  cancelAllOrders(): Promise<unknown>;
  setTradingBlocked(blocked: boolean): void;
  getOrders(): Order[];
}

export interface OrdersLogger {
  error(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  info(...a: unknown[]): void;
  debug(...a: unknown[]): void;
}
