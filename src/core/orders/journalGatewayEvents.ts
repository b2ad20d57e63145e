/**
 * Appends the gateway's order status changes and fills to the orders journal, so the journal holds the whole life
 * of every order (request → response → each status → fills), also for changes nobody asked for (a fill at TWS).
 * Owned by the order desk, so it runs for as long as the app does, whatever transport is up.
 */
import type { ExecutionReport, Order } from '../../common/contract.js';
import type { OrdersJournal } from '../journal/ordersJournal.js';
import type { OrdersGateway, OrdersLogger } from './ports.js';

export function journalGatewayEvents(gateway: OrdersGateway, journal: OrdersJournal, logger: OrdersLogger): () => void {
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
