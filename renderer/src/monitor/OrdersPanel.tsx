/** Today's orders from the journal, kept current by the order push, with the kill switch next to them. */
import { useEffect, useState, type ReactNode } from 'react';
import type { Order } from '../../../src/common/contract';
import { api } from '../api';
import { Panel } from '../components/Panel';
import { formatClock, formatNumber, formatPrice } from '../format';
import { orderStatusTone } from './orderWords';

function useTodaysOrders(): Order[] {
  const [orders, setOrders] = useState<Map<number, Order>>(new Map());
  useEffect(() => {
    let live = true;
    const upsert = (list: Order[]) =>
      setOrders((prev) => {
        const next = new Map(prev);
        for (const o of list) next.set(o.orderId, o);
        return next;
      });
    const off = api().onOrder((o) => upsert([o]));
    api()
      .todaysOrders()
      .then((list) => live && upsert(list))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, []);
  return [...orders.values()].sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.orderId - a.orderId);
}

export function OrdersPanel({ killSwitch }: { killSwitch: ReactNode }) {
  const orders = useTodaysOrders();
  return (
    <Panel title={`Today's orders (${orders.length})`} actions={killSwitch}>
      {orders.length === 0 ? (
        <p className="empty">No orders today.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="orders-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Id</th>
                <th scope="col">Symbol</th>
                <th scope="col">Side</th>
                <th scope="col" className="num">Qty</th>
                <th scope="col">Type</th>
                <th scope="col" className="num">Price</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Filled</th>
                <th scope="col" className="num">Avg fill</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.orderId} data-order-id={o.orderId}>
                  <td>{formatClock(o.timestamp)}</td>
                  <td>{o.orderId}</td>
                  <td>{o.symbol}</td>
                  <td className={o.action === 'BUY' ? 'buy' : 'sell'}>{o.action}</td>
                  <td className="num">{formatNumber(o.quantity)}</td>
                  <td>{o.orderType}</td>
                  <td className="num">{formatPrice(o.price ?? o.auxPrice)}</td>
                  <td>
                    <span className={`pill tone-${orderStatusTone(o.status)}`} title={o.rejectReason ?? o.whyHeld ?? ''}>
                      {o.status}
                    </span>
                  </td>
                  <td className="num">
                    {formatNumber(o.filled)} / {formatNumber(o.filled + o.remaining)}
                  </td>
                  <td className="num">{formatPrice(o.avgFillPrice)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
