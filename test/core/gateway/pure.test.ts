/**
 * The gateway's pure rules, without sockets: backoff, error table, line budget, order record folding, risk checks,
 * quote ticks, the decoder guard's frame check, historical pacing, account tags and data quality.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src/core/gateway/backoff.js';
import { classifyError, toIBKRError } from '../../../src/core/gateway/errorTable.js';
import { LineBook, LineBudgetExhausted } from '../../../src/core/gateway/lineBook.js';
import {
  applyCommission,
  applyExecution,
  applyOpenOrder,
  applyOrderStatus,
  mapStatus,
  markRejected,
  newOrderTrack,
} from '../../../src/core/gateway/orderRecord.js';
import { checkRisk, checkRiskLayers, marketPrice, orderReferencePrice } from '../../../src/core/gateway/riskChecks.js';
import { applyTick, emptyQuote } from '../../../src/core/gateway/quote.js';
import { sanitizeErrorFrame } from '../../../src/core/gateway/decoderGuard.js';
import { HistoryPacer } from '../../../src/core/gateway/historyPacing.js';
import { ACCOUNT_SUMMARY_TAGS, applyAccountTag, emptyAccountSummary } from '../../../src/core/gateway/accountTags.js';
import { DataQualityTracker } from '../../../src/core/gateway/dataQuality.js';
import { toIbOrder, orderSpecIssues } from '../../../src/core/gateway/orderMapping.js';
import { GatewayError } from '../../../src/core/gateway/errors.js';
import { AccountSummarySchema, ACCOUNT_SUMMARY_NUMERIC_FIELDS, OrderSchema } from '../../../src/common/contract.js';

const T = '2026-01-01T00:00:00.000Z';

describe('backoff', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };
  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, noJitter))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(backoffDelay(10_000, noJitter)).toBe(60_000);
  });
  it('spreads each delay by at most ±jitter and never exceeds the cap', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(800);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 1)).toBe(1200);
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 1)).toBe(60_000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, DEFAULT_BACKOFF);
      expect(d).toBeGreaterThanOrEqual(3200);
      expect(d).toBeLessThanOrEqual(4800);
    }
  });
});

describe('error table', () => {
  it('classifies the codes the gateway acts on', () => {
    expect(classifyError(326)).toEqual({ severity: 'critical', recoverable: false, kind: 'connection' });
    expect(classifyError(1100).kind).toBe('connectivity');
    expect(classifyError(1101)).toMatchObject({ recoverable: true, kind: 'connectivity' });
    expect(classifyError(2104)).toMatchObject({ severity: 'low', kind: 'farm' });
    expect(classifyError(201)).toMatchObject({ severity: 'high', recoverable: false, kind: 'order' });
    expect(classifyError(10167).kind).toBe('market_data');
  });
  it('falls back by range for unknown codes', () => {
    expect(classifyError(2999)).toMatchObject({ severity: 'low', kind: 'info' });
    expect(classifyError(12345)).toMatchObject({ severity: 'medium', kind: 'request' });
    expect(classifyError(777, 'Order Message: Warning: something')).toMatchObject({ severity: 'low' });
  });
  it('builds an IBKRError with every field', () => {
    const e = toIBKRError(7, 200, 'No security definition', new Date(T), { symbol: 'XX' });
    expect(e).toEqual({ id: 7, code: 200, message: 'No security definition', severity: 'medium', timestamp: T, recoverable: false, context: { symbol: 'XX' } });
  });
  it('GatewayError carries the http status', () => {
    expect(new GatewayError('line_budget_exhausted', 'x').httpStatus).toBe(429);
    expect(new GatewayError('trading_blocked', 'x').httpStatus).toBe(423);
    expect(new GatewayError('not_connected', 'x').httpStatus).toBe(503);
  });
});

describe('line book', () => {
  it('shares one line per key and frees it with the last holder', () => {
    const b = new LineBook(2);
    expect(b.acquire('a')).toBe(true);
    expect(b.acquire('a')).toBe(false);
    expect(b.linesInUse).toBe(1);
    expect(b.release('a')).toBe(false);
    expect(b.release('a')).toBe(true);
    expect(b.release('a')).toBe(false);
    expect(b.linesInUse).toBe(0);
  });
  it('refuses a new line beyond the budget but still shares existing ones', () => {
    const b = new LineBook(2);
    b.acquire('a');
    b.acquire('b');
    expect(() => b.acquire('c')).toThrow(LineBudgetExhausted);
    expect(b.acquire('a')).toBe(false);
    b.setBudget(1);
    expect(b.linesInUse).toBe(2); // lowering the budget never cancels held lines
    b.release('b');
    expect(() => b.acquire('b')).toThrow(LineBudgetExhausted);
  });
});

describe('order record', () => {
  const track = () => newOrderTrack({ orderId: 5, symbol: 'AAPL', action: 'BUY', quantity: 100, orderType: 'LMT', price: 150 }, T);

  it('folds openOrder, orderStatus, executions and commissions into one valid Order', () => {
    const t = track();
    expect(applyOpenOrder(t, { symbol: 'AAPL', action: 'BUY', totalQuantity: 100, orderType: 'LMT', lmtPrice: 150, tif: 'DAY', permId: 99, account: 'DU1', orderRef: 'k1', status: 'Submitted' }, T)).toBe(true);
    expect(t.order).toMatchObject({ status: 'Submitted', permId: 99, account: 'DU1', idempotencyKey: 'k1', timeInForce: 'DAY' });
    // The same openOrder again changes nothing.
    expect(applyOpenOrder(t, { symbol: 'AAPL', action: 'BUY', totalQuantity: 100, orderType: 'LMT', lmtPrice: 150, tif: 'DAY', permId: 99, account: 'DU1', status: 'Submitted' }, T)).toBe(false);
    expect(applyExecution(t, 'e1', 40, 149.5, T)).toBe(true);
    expect(t.order).toMatchObject({ filled: 40, remaining: 60, status: 'PartiallyFilled', lastFillPrice: 149.5 });
    expect(applyExecution(t, 'e1', 40, 149.5, T)).toBe(false); // replayed after a reconnect
    expect(applyOrderStatus(t, { status: 'Filled', filled: 100, remaining: 0, avgFillPrice: 149.8, lastFillPrice: 150 }, T)).toBe(true);
    expect(applyCommission(t, 'e1', 1, T)).toBe(true);
    expect(applyCommission(t, 'e1', 1, T)).toBe(false);
    expect(applyCommission(t, 'e2', 0.5, T)).toBe(true);
    expect(t.order).toMatchObject({ status: 'Filled', filled: 100, remaining: 0, avgFillPrice: 149.8, commission: 1.5 });
    expect(OrderSchema.safeParse(t.order).success).toBe(true);
  });

  it('never resurrects a finished order or rolls fills back', () => {
    const t = track();
    applyOrderStatus(t, { status: 'Filled', filled: 100, remaining: 0, avgFillPrice: 150 }, T);
    expect(applyOrderStatus(t, { status: 'Submitted', filled: 0, remaining: 100, avgFillPrice: 0 }, T)).toBe(false);
    expect(applyOrderStatus(t, { status: 'Cancelled', filled: 100, remaining: 0, avgFillPrice: 150 }, T)).toBe(false);
    expect(t.order).toMatchObject({ status: 'Filled', filled: 100 });
  });

  it('maps statuses, including the derived PartiallyFilled', () => {
    expect(mapStatus('Submitted', 10, 90)).toBe('PartiallyFilled');
    expect(mapStatus('ApiPending', 0, 1)).toBe('PendingSubmit');
    expect(mapStatus('Weird', 0, 1)).toBe('Unknown');
  });

  it('records a rejection once', () => {
    const t = track();
    expect(markRejected(t, 'no funds', T)).toBe(true);
    expect(markRejected(t, 'no funds', T)).toBe(false);
    expect(t.order).toMatchObject({ status: 'Inactive', rejectReason: 'no funds' });
  });
});

describe('risk checks', () => {
  const o = { symbol: 'AAPL', action: 'BUY' as const, quantity: 100, orderType: 'LMT' as const, price: 150 };
  it('passes without checks and within limits', () => {
    expect(checkRisk(o, undefined, { currentPosition: 0 })).toEqual([]);
    expect(checkRisk(o, { maxOrderValue: 15_000, maxPositionSize: 100, allowedOrderTypes: ['LMT'] }, { referencePrice: 150, currentPosition: 0 })).toEqual([]);
  });
  it('reports each violated rule', () => {
    const problems = checkRisk(o, { maxOrderValue: 10_000, maxPositionSize: 150, allowedOrderTypes: ['MKT'] }, { referencePrice: 150, currentPosition: 100 });
    expect(problems).toHaveLength(3);
    expect(problems.join(' ')).toMatch(/not allowed.*order value 15000 exceeds.*resulting position 200/);
  });
  it('refuses to value an order with no price, and lets a reducing order through', () => {
    expect(checkRisk({ ...o, orderType: 'MKT', price: undefined }, { maxOrderValue: 1 }, { currentPosition: 0 })[0]).toMatch(/cannot value/);
    expect(checkRisk({ ...o, action: 'SELL' }, { maxPositionSize: 10 }, { referencePrice: 1, currentPosition: 300 })).toEqual([]);
  });
  it('the configured limits and the order\'s own both apply: an order can tighten them, never loosen them', () => {
    const ctx = { referencePrice: 150, currentPosition: 0 };
    expect(checkRiskLayers(o, [{ maxOrderValue: 10_000 }, { maxOrderValue: 1e9 }], ctx)).toEqual(['order value 15000 exceeds maxOrderValue 10000']);
    expect(checkRiskLayers(o, [{ maxOrderValue: 1e9 }, { maxOrderValue: 10_000 }], ctx)).toEqual(['order value 15000 exceeds maxOrderValue 10000']);
    expect(checkRiskLayers(o, [{ allowedOrderTypes: ['LMT', 'MKT'] }, { allowedOrderTypes: ['MKT'] }], ctx)[0]).toMatch(/LMT is not allowed/);
    expect(checkRiskLayers(o, [undefined, { maxPositionSize: 1_000 }], ctx)).toEqual([]);
  });
  it('maxOrderQuantity is the fat-finger bound', () => {
    expect(checkRisk({ ...o, quantity: 1e21 }, { maxOrderQuantity: 1_000_000 }, { currentPosition: 0 })).toEqual(['quantity 1e+21 exceeds maxOrderQuantity 1000000']);
    expect(checkRisk(o, { maxOrderQuantity: 100 }, { currentPosition: 0 })).toEqual([]);
  });
  it('values an order at its own price, else at what the market would pay or charge (forex has no last trade)', () => {
    const eurusd = { symbol: 'EUR.USD', conId: 1, bid: 1.0849, ask: 1.0851, delayed: false, updatedAt: null };
    expect(marketPrice(eurusd, 'BUY')).toBe(1.0851);
    expect(marketPrice(eurusd, 'SELL')).toBe(1.0849);
    expect(marketPrice({ symbol: 'X', conId: 2, last: 10, close: 9, delayed: false, updatedAt: null }, 'BUY')).toBe(10);
    expect(marketPrice({ symbol: 'X', conId: 2, close: 9, delayed: false, updatedAt: null }, 'SELL')).toBe(9);
    expect(marketPrice(undefined, 'BUY')).toBeUndefined();
    expect(orderReferencePrice(o, 170)).toBe(150);
    expect(orderReferencePrice({ ...o, orderType: 'MKT' }, 170)).toBe(170);
    expect(orderReferencePrice({ ...o, orderType: 'STP', auxPrice: 140 }, 170)).toBe(140);
  });
});

describe('order mapping', () => {
  it('maps the frontend vocabulary to IB and carries the idempotency key as orderRef', () => {
    expect(toIbOrder({ action: 'SELL', quantity: 5, orderType: 'STP_LMT', price: 10, auxPrice: 11, timeInForce: 'GTC', outsideRth: true, idempotencyKey: 'abc' })).toMatchObject({
      orderType: 'STP LMT', action: 'SELL', totalQuantity: 5, lmtPrice: 10, auxPrice: 11, tif: 'GTC', outsideRth: true, orderRef: 'abc', transmit: true,
    });
    expect(toIbOrder({ action: 'BUY', quantity: 1, orderType: 'MKT', price: 3 }).lmtPrice).toBeUndefined();
    expect(toIbOrder({ action: 'BUY', quantity: 1, orderType: 'TRAIL_LIMIT', price: 3, auxPrice: 1 }).orderType).toBe('TRAIL LIMIT');
    expect(orderSpecIssues({ action: 'BUY', quantity: 0, orderType: 'LMT' })).toHaveLength(2);
  });
});

describe('quote ticks', () => {
  it('folds live and delayed ticks onto one quote and skips repeated sizes', () => {
    const q = emptyQuote('AAPL', 1);
    expect(applyTick(q, 1, 150.1, T)).toBe(1);
    expect(applyTick(q, 0, 300, T)).toBe(0);
    expect(applyTick(q, 0, 300, T)).toBe(-1);
    expect(applyTick(q, 1, 150.1, T)).toBe(1); // same price is still a tick
    expect(applyTick(q, 1, -1, T)).toBe(-1); // "no bid" keeps the last good one
    expect(applyTick(q, 68, 151, T)).toBe(4);
    expect(q).toMatchObject({ bid: 150.1, bidSize: 300, last: 151, delayed: true, updatedAt: T });
    expect(applyTick(q, 45, 1, T)).toBe(-1);
  });
});

describe('decoder guard frame check', () => {
  it('blanks a malformed advancedOrderRejectJson and leaves good frames alone', () => {
    const bad = ['4', '2', '12', '201', 'Order rejected', '{not json'];
    expect(sanitizeErrorFrame(bad, 193)).toEqual({ id: 12, code: 201, raw: '{not json' });
    expect(bad[5]).toBe('');
    const good = ['4', '2', '12', '201', 'Order rejected', '{"a":1}'];
    expect(sanitizeErrorFrame(good, 193)).toBeNull();
    expect(good[5]).toBe('{"a":1}');
    expect(sanitizeErrorFrame(['4', '2', '12', '201', 'x', '{bad'], 160)).toBeNull(); // field not parsed below 166
    expect(sanitizeErrorFrame(['1', '6', '1', '1', '{bad'], 193)).toBeNull();
  });
});

describe('historical pacing', () => {
  it('delays identical requests 15 s, bursts on one contract 2 s, and caps 60 per 10 minutes', () => {
    const p = new HistoryPacer();
    p.record('c', 'r1', 0);
    expect(p.delayFor('c', 'r1', 1000)).toBe(14_000);
    expect(p.delayFor('c', 'r2', 1000)).toBe(0);
    for (let i = 2; i <= 5; i++) p.record('c', `r${i}`, 100 * i);
    expect(p.delayFor('c', 'r9', 600)).toBe(1400); // the 5th-newest (at 0) leaves the 2 s window at 2000
    expect(p.delayFor('other', 'x', 600)).toBe(0);
    const q = new HistoryPacer();
    for (let i = 0; i < 60; i++) q.record(`c${i}`, `r${i}`, i * 1000);
    expect(q.delayFor('new', 'new', 60_000)).toBe(540_000);
  });
});

describe('account summary tags', () => {
  it('requests every contract field and folds values into a valid AccountSummary', () => {
    const s = emptyAccountSummary('DU1');
    expect(ACCOUNT_SUMMARY_TAGS.split(',')).toHaveLength(ACCOUNT_SUMMARY_NUMERIC_FIELDS.length + 1);
    expect(applyAccountTag(s, 'NetLiquidation', '100000.5', 'USD')).toBe(true);
    expect(applyAccountTag(s, 'NetLiquidation', '100000.5', 'USD')).toBe(false);
    expect(applyAccountTag(s, 'AccruedCash', '12', 'USD')).toBe(true);
    expect(applyAccountTag(s, 'HighestSeverity', '0', '')).toBe(true);
    expect(applyAccountTag(s, 'Unknown', '1', '')).toBe(false);
    expect(s).toMatchObject({ netLiquidation: 100000.5, accrualCash: 12, highestSeverity: '0' });
    expect(AccountSummarySchema.safeParse(s).success).toBe(true);
  });
});

describe('data quality', () => {
  it('follows sessions, connectivity, farms and delayed lines', () => {
    const d = new DataQualityTracker();
    expect(d.quality).toBe('unavailable');
    d.sessionStarted();
    expect(d.quality).toBe('good');
    expect(d.onSystemMessage(1100, 'lost')).toBe('none');
    expect(d.quality).toBe('stale');
    expect(d.onSystemMessage(1101, 'restored')).toBe('resubscribe');
    expect(d.quality).toBe('good');
    d.onSystemMessage(2103, 'Market data farm connection is broken:usfarm');
    expect(d.quality).toBe('stale');
    d.onSystemMessage(2104, 'Market data farm connection is OK:usfarm');
    d.setDelayedLines(1);
    expect(d.quality).toBe('delayed');
    d.sessionEnded();
    expect(d.quality).toBe('unavailable');
  });
});
