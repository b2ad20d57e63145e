/**
 * Orders: placeOrder (new and modify), cancelOrder, reqGlobalCancel, reqOpenOrders / reqAllOpenOrders /
 * reqAutoOpenOrders, reqCompletedOrders, reqExecutions, and the forwarding of broker events (openOrder,
 * orderStatus, execDetails, commissionReport, order notices) to the clients that should see them. The broker
 * keeps running with nobody connected: a disconnected client learns about fills only by asking again.
 */
import type { Market } from './market/types.js';
import type { BrokerApi, BrokerError, CommissionReport, ExecutionRecord, OrderRecord } from './broker/types.js';
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { decodePlaceOrder, type PlaceOrderMessage } from './protocol/requests/placeOrder.js';
import { decodeCancelOrder, decodeGlobalCancel, decodeReqExecutions } from './protocol/requests/orders.js';
import {
  encodeCommissionReport,
  encodeCompletedOrder,
  encodeCompletedOrdersEnd,
  encodeExecDetails,
  encodeExecDetailsEnd,
  encodeOpenOrder,
  encodeOpenOrderEnd,
  encodeOrderStatus,
} from './protocol/encoders/orders.js';
import type { WireExecution, WireOrder, WireOrderState } from './protocol/wireTypes.js';
import type { RequestHandler, Session } from './session.js';
import type { TwsServer } from './server.js';
import { contractQuery, wireContract } from './session-convert.js';

const AUTO_BIND_KEY = 'orders.autoBind';

/** Fields of a placed order that the broker does not model but a client expects echoed back in openOrder. */
type OrderExtras = Omit<PlaceOrderMessage['order'], 'orderId'>;

export class OrdersHub {
  private readonly extras = new Map<string, OrderExtras>();

  constructor(
    private readonly broker: BrokerApi,
    private readonly market: Market,
    private readonly server: TwsServer,
  ) {
    broker.on('orderStatus', (order) => this.forEachInterested(order.clientId, (s) => this.sendOrder(s, order)));
    broker.on('execution', (execution, report) =>
      this.forEachInterested(execution.clientId, (s) => {
        s.send(encodeExecDetails(s.serverVersion, -1, wireContract(execution.contract), wireExecution(execution)));
        s.send(encodeCommissionReport(wireCommission(report)));
      }),
    );
    broker.on('orderMessage', (clientId, error) => {
      const session = server.sessionFor(clientId);
      if (session?.isReady) sendBrokerError(session, error);
    });
  }

  handlers(): [number, RequestHandler][] {
    return [
      [IN.PLACE_ORDER, (s, r) => this.placeOrder(s, r)],
      [IN.CANCEL_ORDER, (s, r) => this.cancelOrder(s, r)],
      [IN.REQ_GLOBAL_CANCEL, (s, r) => this.globalCancel(s, r)],
      [IN.REQ_OPEN_ORDERS, (s) => this.sendOpenOrders(s, this.broker.openOrders(s.clientId))],
      [IN.REQ_ALL_OPEN_ORDERS, (s) => this.sendOpenOrders(s, this.broker.openOrders())],
      [IN.REQ_AUTO_OPEN_ORDERS, (s, r) => this.autoOpenOrders(s, r)],
      [IN.REQ_COMPLETED_ORDERS, (s) => this.completedOrders(s)],
      [IN.REQ_EXECUTIONS, (s, r) => this.executions(s, r)],
    ];
  }

  private placeOrder(session: Session, r: FieldReader): void {
    const msg = decodePlaceOrder(session.serverVersion, r);
    const o = msg.order;
    if (o.whatIf) return this.whatIf(session, msg);
    const result = this.broker.placeOrder({
      orderId: o.orderId,
      clientId: session.clientId,
      contract: contractQuery(msg.contract),
      action: o.action,
      totalQuantity: o.totalQuantity,
      orderType: o.orderType,
      lmtPrice: o.lmtPrice,
      auxPrice: o.auxPrice,
      tif: o.tif || undefined,
      ocaGroup: o.ocaGroup || undefined,
      ocaType: o.ocaType,
      account: o.account || undefined,
      orderRef: o.orderRef,
      transmit: o.transmit,
      parentId: o.parentId || undefined,
      outsideRth: o.outsideRth,
      trailStopPrice: o.trailStopPrice,
      trailingPercent: o.trailingPercent,
      lmtPriceOffset: msg.lmtPriceOffset,
    });
    if (!result.ok) return sendBrokerError(session, result.error);
    const { orderId: _id, ...extras } = o;
    this.extras.set(extrasKey(session.clientId, o.orderId), extras);
  }

  /**
   * whatIf: TWS answers with one openOrder carrying the margin and commission impact and never places the order.
   * The simulator estimates it from the current price: Reg T 25% maintenance / 50% initial, IBKR fixed-rate
   * commission (USD 0.005 per share, 1.00 minimum).
   */
  private whatIf(session: Session, msg: PlaceOrderMessage): void {
    const details = this.market.catalogue.resolve(contractQuery(msg.contract));
    const price = details ? this.market.markPrice(details.contract.conId) : 0;
    const notional = Math.abs(msg.order.totalQuantity) * price * (Number(details?.contract.multiplier) || 1);
    const commission = Math.max(1, Math.abs(msg.order.totalQuantity) * 0.005);
    const account = msg.order.account || this.broker.accounts()[0] || '';
    const order: WireOrder = { ...msg.order, account, clientId: session.clientId, permId: 0 };
    const equity = this.broker.accountNumber(account, 'EquityWithLoanValue');
    session.send(
      encodeOpenOrder(session.serverVersion, details ? wireContract(details.contract) : msg.contract, order, {
        status: 'PreSubmitted',
        initMarginAfter: round2(notional * 0.5),
        maintMarginAfter: round2(notional * 0.25),
        equityWithLoanAfter: Number.isFinite(equity) ? round2(equity - commission) : undefined,
        minCommission: commission,
        maxCommission: commission,
        commissionCurrency: details?.contract.currency ?? 'USD',
      }),
    );
  }

  private cancelOrder(session: Session, r: FieldReader): void {
    const { orderId } = decodeCancelOrder(session.serverVersion, r);
    const result = this.broker.cancelOrder(session.clientId, orderId);
    if (!result.ok) sendBrokerError(session, result.error);
  }

  private globalCancel(session: Session, r: FieldReader): void {
    decodeGlobalCancel(session.serverVersion, r);
    this.broker.globalCancel();
  }

  private autoOpenOrders(session: Session, r: FieldReader): void {
    r.int(); // version
    const bind = r.bool();
    if (session.clientId !== 0) {
      return session.sendError(-1, ERR.ERROR_VALIDATING_REQUEST, TEXT.errorValidating('reqAutoOpenOrders is only allowed for client id 0'));
    }
    session.state.set(AUTO_BIND_KEY, bind);
  }

  private sendOpenOrders(session: Session, orders: readonly Readonly<OrderRecord>[]): void {
    for (const order of orders) this.sendOrder(session, order);
    session.send(encodeOpenOrderEnd());
  }

  private completedOrders(session: Session): void {
    for (const order of this.broker.completedOrders()) {
      const state: WireOrderState = {
        status: order.status,
        completedTime: completedTime(order.updatedAt),
        completedStatus: order.status,
        filledQuantity: order.filled,
      };
      session.send(encodeCompletedOrder(session.serverVersion, wireContract(order.contract), this.wireOrder(order), state));
    }
    session.send(encodeCompletedOrdersEnd());
  }

  private executions(session: Session, r: FieldReader): void {
    const req = decodeReqExecutions(r);
    const list = this.broker.executions({
      clientId: req.clientId,
      account: req.account,
      time: req.time,
      symbol: req.symbol,
      secType: req.secType,
      exchange: req.exchange,
      side: req.side,
    });
    for (const { execution, commissionReport } of list) {
      session.send(encodeExecDetails(session.serverVersion, req.reqId, wireContract(execution.contract), wireExecution(execution)));
      session.send(encodeCommissionReport(wireCommission(commissionReport)));
    }
    session.send(encodeExecDetailsEnd(req.reqId));
  }

  /** openOrder followed by orderStatus, as TWS reports every order change. */
  private sendOrder(session: Session, order: Readonly<OrderRecord>): void {
    const state: WireOrderState = {
      status: order.status,
      commission: order.filled > 0 ? order.commission : undefined,
      commissionCurrency: order.filled > 0 ? order.commissionCurrency : undefined,
    };
    session.send(encodeOpenOrder(session.serverVersion, wireContract(order.contract), this.wireOrder(order), state));
    session.send(
      encodeOrderStatus(session.serverVersion, {
        orderId: order.orderId,
        status: order.status,
        filled: order.filled,
        remaining: order.remaining,
        avgFillPrice: order.avgFillPrice,
        permId: order.permId,
        parentId: order.parentId,
        lastFillPrice: order.lastFillPrice,
        clientId: order.clientId,
        whyHeld: order.whyHeld,
        mktCapPrice: 0,
      }),
    );
  }

  private wireOrder(order: Readonly<OrderRecord>): WireOrder {
    const extras = this.extras.get(extrasKey(order.clientId, order.orderId));
    return {
      ...(extras ?? defaultExtras()),
      orderId: order.orderId,
      clientId: order.clientId,
      permId: order.permId,
      action: order.action,
      totalQuantity: order.totalQuantity,
      orderType: order.orderType,
      lmtPrice: order.lmtPrice,
      auxPrice: order.auxPrice,
      tif: order.tif,
      ocaGroup: order.ocaGroup,
      ocaType: order.ocaType,
      account: order.account,
      orderRef: order.orderRef,
      transmit: order.transmit,
      parentId: order.parentId,
      outsideRth: order.outsideRth,
      trailStopPrice: order.trailStopPrice,
      trailingPercent: order.trailingPercent,
    };
  }

  /** The order's own client plus client-0 sessions bound with reqAutoOpenOrders(true). */
  private forEachInterested(clientId: number, send: (session: Session) => void): void {
    for (const session of this.server.readySessions()) {
      if (session.clientId === clientId || (session.clientId === 0 && session.state.get(AUTO_BIND_KEY) === true)) send(session);
    }
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function sendBrokerError(session: Session, error: BrokerError): void {
  session.sendError(error.id, error.code, error.message);
}

function extrasKey(clientId: number, orderId: number): string {
  return `${clientId}:${orderId}`;
}

function defaultExtras(): OrderExtras {
  return {
    action: 'BUY', totalQuantity: 0, orderType: 'MKT', lmtPrice: undefined, auxPrice: undefined, tif: 'DAY', ocaGroup: '',
    ocaType: undefined, account: '', openClose: '', origin: 0, orderRef: '', transmit: true, parentId: 0, outsideRth: false,
    hidden: false, goodAfterTime: '', goodTillDate: '', trailStopPrice: undefined, trailingPercent: undefined, whatIf: false,
    modelCode: '', algoStrategy: '', algoParams: [], conditions: [], conditionsIgnoreRth: false, conditionsCancelOrder: false,
    cashQty: undefined, displaySize: undefined, minQty: undefined, allOrNone: false, triggerMethod: 0, extOperator: '',
    manualOrderIndicator: undefined, includeOvernight: false, customerAccount: '', professionalCustomer: false,
  };
}

function wireExecution(e: ExecutionRecord): WireExecution {
  return {
    orderId: e.orderId,
    execId: e.execId,
    time: e.time,
    acctNumber: e.account,
    exchange: e.exchange,
    side: e.side,
    shares: e.shares,
    price: e.price,
    permId: e.permId,
    clientId: e.clientId,
    liquidation: 0,
    cumQty: e.cumQty,
    avgPrice: e.avgPrice,
    orderRef: e.orderRef,
    modelCode: '',
    lastLiquidity: e.lastLiquidity,
    pendingPriceRevision: false,
  };
}

function wireCommission(c: CommissionReport): { execId: string; commission: number; currency: string; realizedPNL?: number; yield?: number } {
  return { execId: c.execId, commission: c.commission, currency: c.currency, realizedPNL: c.realizedPNL, yield: c.yield };
}

/** `yyyyMMdd HH:mm:ss` in UTC, the completedTime format of completedOrder. */
function completedTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}
