/**
 * Appends the gateway's order status changes and fills to the orders journal, so the journal holds the whole life
 * of every order (request → response → each status → fills), also for changes nobody asked for (a fill at TWS).
 */
import type { ExecutionReport, Order } from '../../common/contract.js';
import type { OrdersJournal } from '../journal/ordersJournal.js';
import type { ApiGateway, ApiLogger } from './ports.js';

export function journalGatewayEvents(gateway: ApiGateway, journal: OrdersJournal, logger: ApiLogger): () => void {
  const fail = (e: unknown) => logger.error('orders journal write failed', e);
  const onStatus = (order: Order): void => {
    journal.append({ event: 'status', source: 'gateway', orderId: order.orderId, order }).catch(fail);
  };
  const onExecution = (execution: ExecutionReport): void => {
    journal.append({ event: 'execution', source: 'gateway', orderId: execution.orderId, execution }).catch(fail);
  };
  gateway.on('orderStatus', onStatus);
  gateway.on('executionReport', onExecution);
  return () => {
    gateway.off('orderStatus', onStatus);
    gateway.off('executionReport', onExecution);
  };
}
