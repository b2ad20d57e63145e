/**
 * An OrderManager on a scripted session (an IBApi stand-in, no socket): reconciliation ends at once, then a test
 * plays TWS messages itself, or lets the stand-in acknowledge each placeOrder with openOrder + orderStatus.
 */
import { EventEmitter } from 'node:events';
import type { Contract, IBApi, Order as IbOrder } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import type { ExecutionReport, Order } from '../../../src/common/contract.js';
import type { GatewayContext } from '../../../src/core/gateway/context.js';
import type { ContractResolver } from '../../../src/core/gateway/contracts.js';
import { OrderManager, type OrderDeps } from '../../../src/core/gateway/orders.js';
import { Session } from '../../../src/core/gateway/session.js';

export interface ScriptedOrders {
  api: EventEmitter;
  m: OrderManager;
  /** Every orderStatus and executionReport the manager emitted, in order. */
  orders: Order[];
  executions: ExecutionReport[];
  /** Every placeOrder the manager sent: [orderId, contract, order]. */
  sent: Array<[number, Contract, IbOrder]>;
}

export function scriptedOrders(deps: Partial<OrderDeps> = {}, opts: { acknowledge?: boolean } = {}): ScriptedOrders {
  const sent: ScriptedOrders['sent'] = [];
  const api = Object.assign(new EventEmitter(), {
    reqOpenOrders: () => setImmediate(() => api.emit(EventName.openOrderEnd)),
    reqCompletedOrders: () => setImmediate(() => api.emit(EventName.completedOrdersEnd)),
    reqExecutions: (reqId: number) => setImmediate(() => api.emit(EventName.execDetailsEnd, reqId)),
    placeOrder: (orderId: number, contract: Contract, order: IbOrder) => {
      sent.push([orderId, contract, order]);
      if (!opts.acknowledge) return;
      setImmediate(() => {
        api.emit(EventName.openOrder, orderId, contract, { ...order, orderId, permId: 1000 + orderId }, { status: 'Submitted' });
        api.emit(EventName.orderStatus, orderId, 'Submitted', 0, order.totalQuantity, 0, 1000 + orderId, 0, 0, 1, '');
      });
    },
  });
  const noop = (): void => undefined;
  const logger = { error: noop, warn: noop, info: noop, debug: noop };
  const session = new Session(api as unknown as IBApi, 1, logger, 1);
  session.nextValidId = 1;
  const orders: Order[] = [];
  const executions: ExecutionReport[] = [];
  let reqId = 100_000_000;
  const ctx = {
    logger,
    session: () => session,
    nextReqId: () => ++reqId,
    requestTimeoutMs: () => 5_000,
    emit: (event: string, value: unknown) => {
      if (event === 'orderStatus') orders.push(value as Order);
      if (event === 'executionReport') executions.push(value as ExecutionReport);
    },
    wants: () => true,
    notConnectedReason: () => 'not connected to TWS / IB Gateway',
  } as unknown as GatewayContext;
  const m = new OrderManager(ctx, {
    contracts: {} as ContractResolver,
    quote: () => undefined,
    position: () => 0,
    gate: noop,
    readOnlyGate: noop,
    defaultRiskChecks: () => undefined,
    commissionWaitMs: () => 5_000,
    ...deps,
  });
  m.attach(session);
  return { api, m, orders, executions, sent };
}

/** One event-loop turn (the scripted answers go out on setImmediate). */
export const turn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
