/**
 * A small in-memory stand-in for GatewayService, for tests that exercise the API layer alone (validation, fuzzing,
 * backpressure) without the cost of a simulator. The end-to-end suites use the real gateway via the harness.
 */
import { EventEmitter } from 'node:events';
import type { AccountSummary, ExecutionReport, IBKRPosition, Order, OrderRequest } from '../../../src/common/contract.js';
import { ACCOUNT_SUMMARY_NUMERIC_FIELDS } from '../../../src/common/contract.js';
import { GatewayError } from '../../../src/core/gateway/errors.js';
import type { BracketRequest, GatewayStatus, InstrumentSpec, MarketDataLease, OrderChanges, Quote } from '../../../src/core/gateway/types.js';
import type { ApiGateway } from '../../../src/core/api/ports.js';

export class FakeGateway extends EventEmitter implements ApiGateway {
  orders = new Map<number, Order>();
  byKey = new Map<string, Order>();
  nextId = 1;
  blocked = false;
  leases = 0;
  placeCalls = 0;
  status: GatewayStatus = {
    status: 'connected', reason: '', mode: 'paper', host: '127.0.0.1', port: 7497, clientId: 1, serverVersion: 176,
    accounts: ['DU123'], connectedAt: new Date().toISOString(), reconnectAttempts: 0, nextRetryAt: null, dataQuality: 'good',
    marketDataStatus: 'active', lastHeartbeat: new Date().toISOString(), linesInUse: 0, lineBudget: 100, tradingBlocked: false,
    messagesIn: 0, messagesOut: 0,
  };

  async connect(): Promise<GatewayStatus> { return this.status; }
  async disconnect(): Promise<void> {}
  getStatus(): GatewayStatus { return { ...this.status, tradingBlocked: this.blocked, linesInUse: this.leases }; }
  getHealth() { return { isConnected: true, lastHeartbeat: new Date().toISOString(), connectionDuration: 1000, reconnectAttempts: 0, dataQuality: 'good' as const }; }
  async acquireMarketData(spec: InstrumentSpec): Promise<MarketDataLease> {
    if (spec.symbol === 'NOPE') throw new GatewayError('unknown_symbol', `Unknown symbol ${spec.symbol}`);
    this.leases++;
    let released = false;
    return {
      key: `STK:${spec.symbol}`, symbol: spec.symbol,
      release: () => { if (!released) { released = true; this.leases--; } },
      quote: (): Quote => ({ symbol: spec.symbol, conId: 1, bid: 100, ask: 100.1, delayed: false, updatedAt: new Date().toISOString() }),
    };
  }
  async snapshot(spec: InstrumentSpec): Promise<Quote> { return { symbol: spec.symbol, conId: 1, last: 100, delayed: false, updatedAt: null }; }
  async placeOrder(req: OrderRequest): Promise<Order> {
    this.placeCalls++;
    if (this.blocked) throw new GatewayError('trading_blocked', 'Trading is blocked by the kill switch');
    if (req.idempotencyKey && this.byKey.has(req.idempotencyKey)) return this.byKey.get(req.idempotencyKey)!;
    await new Promise((r) => setImmediate(r));
    const o: Order = {
      orderId: this.nextId++, permId: 1000 + this.nextId, symbol: req.symbol, action: req.action, quantity: req.quantity,
      orderType: req.orderType, price: req.price, auxPrice: req.auxPrice, timeInForce: req.timeInForce, status: 'Submitted', filled: 0,
      remaining: req.quantity, avgFillPrice: 0, lastFillPrice: 0, commission: 0, timestamp: new Date().toISOString(),
      strategyId: req.strategyId ?? '', account: 'DU123', ...(req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {}),
    };
    this.orders.set(o.orderId, o);
    if (req.idempotencyKey) this.byKey.set(req.idempotencyKey, o);
    this.emit('orderStatus', o);
    return o;
  }
  async placeBracket(req: BracketRequest): Promise<Order[]> {
    const parent = await this.placeOrder(req.parent);
    const side = req.parent.action === 'BUY' ? 'SELL' : 'BUY';
    const tp = await this.placeOrder({ ...req.parent, action: side, orderType: 'LMT', price: req.takeProfitPrice, idempotencyKey: undefined });
    const sl = await this.placeOrder({ ...req.parent, action: side, orderType: 'STP', price: undefined, auxPrice: req.stopLossPrice, idempotencyKey: undefined });
    return [parent, { ...tp, parentId: parent.orderId }, { ...sl, parentId: parent.orderId }];
  }
  private find(id: number): Order {
    const o = this.orders.get(id);
    if (!o) throw new GatewayError('order_not_found', `No order ${id}`);
    return o;
  }
  async modifyOrder(orderId: number, changes: OrderChanges): Promise<Order> {
    const o = { ...this.find(orderId), ...changes };
    this.orders.set(orderId, o);
    return o;
  }
  async cancelOrder(orderId: number): Promise<Order> {
    const o = { ...this.find(orderId), status: 'Cancelled' as const };
    this.orders.set(orderId, o);
    this.emit('orderStatus', o);
    return o;
  }
  async cancelAllOrders(): Promise<void> {
    for (const o of this.orders.values()) if (o.status === 'Submitted') await this.cancelOrder(o.orderId);
  }
  setTradingBlocked(b: boolean): void { this.blocked = b; this.emit('tradingBlocked', b); }
  getOrders(): Order[] { return [...this.orders.values()]; }
  getExecutions(): ExecutionReport[] { return []; }
  getPositions(): IBKRPosition[] { return []; }
  getAccountSummary(): AccountSummary | null {
    return { account: 'DU123', currency: 'USD', highestSeverity: '', ...Object.fromEntries(ACCOUNT_SUMMARY_NUMERIC_FIELDS.map((f) => [f, 1])) } as AccountSummary;
  }
  getPnL() { return [{ account: 'DU123', dailyPnL: 0, unrealizedPnL: 0, realizedPnL: 0 }]; }
  async searchContracts(pattern: string) { return [{ conId: 1, symbol: pattern.toUpperCase(), secType: 'STK', primaryExchange: 'NASDAQ', currency: 'USD' }]; }
  async getHistoricalBars() { return [{ time: new Date().toISOString(), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, wap: 1.2, count: 3 }]; }

  /** Emits one tick as the real gateway does. */
  tick(symbol: string, field: number, value: number): void {
    this.emit('marketData', { key: `STK:${symbol}`, symbol, field, value, timestamp: new Date().toISOString() });
  }
}
