/**
 * Public surface of the simulator's broker: accounts, orders with TWS semantics, fills, executions with
 * commission reports, positions, account values and P&L.
 *
 * Pure in-process logic. The session layer decodes placeOrder/cancelOrder/… into these calls and encodes the
 * records and events below as TWS messages. Broker state lives as long as the Broker object, independent of any
 * client connection: a disconnected client simply stops receiving events (TWS reconnect semantics).
 *
 * Entry point: `new Broker(market, options)` in ./broker.ts (re-exported by ./index.ts).
 *
 * "Unset" numbers are `undefined` here; the wire layer encodes them as TWS does (Double.MAX / Integer.MAX / "").
 */
import type { ContractQuery, ContractSpec } from '../market/types.js';

export type OrderAction = 'BUY' | 'SELL';
/** TWS orderType strings, spelled as on the wire. */
export type OrderType = 'MKT' | 'LMT' | 'STP' | 'STP LMT' | 'TRAIL' | 'TRAIL LIMIT';
export type TimeInForce = 'DAY' | 'GTC' | 'IOC' | 'FOK';
export type OrderStatus =
  | 'PendingSubmit'
  | 'PreSubmitted'
  | 'Submitted'
  | 'Filled'
  | 'Cancelled'
  | 'ApiCancelled'
  | 'Inactive';

/** What the wire layer decodes from placeOrder (msg 3). Strings are taken as sent and validated here. */
export interface PlaceOrderRequest {
  orderId: number;
  clientId: number;
  contract: ContractQuery;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice?: number | undefined;
  /** STP/STP LMT: stop price. TRAIL/TRAIL LIMIT: trailing amount (when trailingPercent is unset). */
  auxPrice?: number | undefined;
  /** Default DAY. */
  tif?: string | undefined;
  ocaGroup?: string | undefined;
  /** 1 = cancel the other orders of the group on a fill (brackets), 2/3 = reduce (treated like 1 on full fill). */
  ocaType?: number | undefined;
  /** "" or undefined → the first managed account. */
  account?: string | undefined;
  orderRef?: string | undefined;
  /** Default true. false: held until a later order of the same group (parent id) arrives with transmit=true. */
  transmit?: boolean | undefined;
  /** 0/undefined = no parent. */
  parentId?: number | undefined;
  outsideRth?: boolean | undefined;
  /** TRAIL: initial stop price (optional; derived from the market when unset). */
  trailStopPrice?: number | undefined;
  /** TRAIL: trailing percent (used instead of auxPrice when set). */
  trailingPercent?: number | undefined;
  /** TRAIL LIMIT: limit = stop ∓ offset. */
  lmtPriceOffset?: number | undefined;
}

/** Everything known about one order; `Broker.orders()` returns every order ever accepted. */
export interface OrderRecord {
  readonly orderId: number;
  readonly clientId: number;
  readonly permId: number;
  account: string;
  readonly contract: ContractSpec;
  action: OrderAction;
  totalQuantity: number;
  orderType: OrderType;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: TimeInForce;
  ocaGroup: string;
  ocaType: number;
  parentId: number;
  transmit: boolean;
  outsideRth: boolean;
  orderRef: string;
  /** TRAIL/TRAIL LIMIT: the current stop (follows the market), else undefined. */
  trailStopPrice: number | undefined;
  trailingPercent: number | undefined;
  lmtPriceOffset: number | undefined;
  status: OrderStatus;
  filled: number;
  remaining: number;
  /** 0 until the first fill, as TWS sends it. */
  avgFillPrice: number;
  lastFillPrice: number;
  /** "child" while held behind an unfilled parent, else "". */
  whyHeld: string;
  /** Stop orders: true once the stop price was touched (then they work as MKT/LMT). */
  triggered: boolean;
  /** Sum of commissions charged so far (openOrder's orderState.commission after a fill). */
  commission: number;
  readonly commissionCurrency: string;
  /** Epoch ms of acceptance / of the last change. */
  readonly createdAt: number;
  updatedAt: number;
}

export interface ExecutionRecord {
  /** "0000e0d5.6553f1c8.01.01" style, unique. */
  readonly execId: string;
  readonly orderId: number;
  readonly clientId: number;
  readonly permId: number;
  readonly account: string;
  readonly contract: ContractSpec;
  /** "yyyyMMdd  HH:mm:ss" (two spaces, no zone, market clock's local US/Eastern time) as TWS sends it. */
  readonly time: string;
  readonly timeMs: number;
  /** Execution venue, e.g. "ISLAND", "NYSE", "ARCA", "CME", "IDEALPRO". */
  readonly exchange: string;
  readonly side: 'BOT' | 'SLD';
  readonly shares: number;
  readonly price: number;
  readonly cumQty: number;
  readonly avgPrice: number;
  readonly orderRef: string;
  /** 1 = added liquidity (resting order filled), 2 = removed (marketable on arrival). */
  readonly lastLiquidity: number;
}

export interface CommissionReport {
  readonly execId: string;
  readonly commission: number;
  readonly currency: string;
  /** Realized P&L of a closing execution (net of commissions); undefined on an opening one (wire: Double.MAX). */
  readonly realizedPNL: number | undefined;
  /** Always undefined (bonds only); wire: Double.MAX. */
  readonly yield: number | undefined;
  /** Always undefined; wire: "" (or 0). */
  readonly yieldRedemptionDate: number | undefined;
}

export interface ExecutionWithCommission {
  readonly execution: ExecutionRecord;
  readonly commissionReport: CommissionReport;
}

/** reqExecutions filter (all fields optional; empty/undefined = any). */
export interface ExecutionFilter {
  clientId?: number | undefined;
  account?: string | undefined;
  /** "yyyyMMdd HH:mm:ss" (or "yyyyMMdd-HH:mm:ss"): executions at or after it. */
  time?: string | undefined;
  symbol?: string | undefined;
  secType?: string | undefined;
  exchange?: string | undefined;
  /** "BUY" / "SELL" as the API sends it (matches BOT / SLD). */
  side?: string | undefined;
}

/** A starting position: the contract as a catalogue lookup (symbol plus whatever makes it unique). */
export interface InitialPosition extends ContractQuery {
  /** Default: the first managed account. */
  account?: string | undefined;
  symbol: string;
  /** Signed: negative for a short position. */
  quantity: number;
  /**
   * IB's avgCost, in the instrument's currency: per unit, including the multiplier (an option bought at 2.50 has
   * avgCost 250). Default: the mark.
   */
  avgCost?: number | undefined;
}

/** One position (POSITION msg 61) plus valuation (PORTFOLIO_VALUE msg 7, PNL_SINGLE msg 95), in the instrument's currency. */
export interface PositionRecord {
  readonly account: string;
  readonly contract: ContractSpec;
  /** Signed quantity; 0 after a closing round trip (TWS keeps reporting the row with 0). */
  readonly position: number;
  /** Per unit, including commissions and the multiplier (IB's avgCost). */
  readonly avgCost: number;
  readonly marketPrice: number;
  readonly marketValue: number;
  readonly unrealizedPNL: number;
  readonly realizedPNL: number;
  /** Today's P&L: realized today + change in value since the position was opened today (or since the previous close when carried in). */
  readonly dailyPNL: number;
}

/** PORTFOLIO_VALUE (msg 7) row, in the instrument's currency. */
export interface PortfolioRow {
  readonly account: string;
  readonly contract: ContractSpec;
  readonly position: number;
  readonly marketPrice: number;
  readonly marketValue: number;
  readonly averageCost: number;
  readonly unrealizedPNL: number;
  readonly realizedPNL: number;
}

/**
 * One account value: key/tag, value (already formatted as TWS does, e.g. "1000000.00"), currency ("" for
 * ratios/counts; "USD", "EUR" … or "BASE" for the per-currency keys).
 */
export interface AccountValue {
  readonly account: string;
  readonly key: string;
  readonly value: string;
  readonly currency: string;
}

/** PNL (msg 94), in the account's base currency. */
export interface AccountPnL {
  readonly dailyPnL: number;
  readonly unrealizedPnL: number;
  readonly realizedPnL: number;
}

/** PNL_SINGLE (msg 95), in the position's currency. */
export interface PositionPnL {
  readonly pos: number;
  readonly dailyPnL: number;
  readonly unrealizedPnL: number;
  readonly realizedPnL: number;
  readonly value: number;
}

/** An error for the wire layer's ERR_MSG (msg 4): `id` is the orderId (or -1). */
export interface BrokerError {
  readonly id: number;
  readonly code: number;
  readonly message: string;
}

export type PlaceOrderResult = { readonly ok: true; readonly order: Readonly<OrderRecord> } | { readonly ok: false; readonly error: BrokerError };
export type CancelOrderResult = { readonly ok: true; readonly order: Readonly<OrderRecord> } | { readonly ok: false; readonly error: BrokerError };

/**
 * Events the wire layer forwards to connected clients. Listeners run synchronously inside the call (or market
 * step) that caused them, in causal order: for a marketable order, orderStatus(PreSubmitted/Submitted) →
 * execution → orderStatus(Filled) → position/portfolio → accountChanged.
 */
export interface BrokerEvents {
  /** New order, modify, status/fill change, trail stop moved. Send openOrder + orderStatus to the order's client (and to reqAutoOpenOrders/clientId 0 binders). */
  orderStatus: (order: Readonly<OrderRecord>) => void;
  /** A fill: send execDetails (reqId -1) then commissionReport. */
  execution: (execution: ExecutionRecord, commissionReport: CommissionReport) => void;
  /** A notice about an order for its client, e.g. 202 "Order Canceled - reason:" (ERR_MSG with id = orderId). */
  orderMessage: (clientId: number, error: BrokerError) => void;
  /** Position changed by a fill (reqPositions subscribers). */
  position: (position: PositionRecord) => void;
  /** Portfolio row changed by a fill (reqAccountUpdates subscribers). */
  portfolio: (row: PortfolioRow) => void;
  /**
   * Cash/positions of an account changed (a fill or commission). Pull accountValues()/accountSummary()/pnl()
   * then. Price moves alone do not emit this (they would at tick rate); poll on a timer for those, like TWS's
   * periodic account and PnL pushes.
   */
  accountChanged: (account: string) => void;
}

export interface BrokerOptions {
  /** Managed accounts (default ["DU1234567"]). */
  accounts?: readonly string[];
  /** Starting cash per account in the base currency, USD (default 1,000,000). */
  startingCash?: number;
  /** First order id a new clientId gets from nextValidId (default 1). */
  firstOrderId?: number;
  /** First permId (default 1_100_000_000). */
  firstPermId?: number;
  /**
   * Schedules work at an instant of the market clock (the simulator passes its clock's `at`): orders held while
   * their market is closed wake at the open, DAY orders expire at the close. Default: nothing is scheduled, held
   * orders wake on their instrument's next quote change and DAY orders never expire.
   */
  at?: (atMs: number, fn: () => void) => () => void;
}

/** The account summary tags (reqAccountSummary), exactly as IBKR names them. */
export const ACCOUNT_SUMMARY_TAGS = [
  'AccountType',
  'NetLiquidation',
  'TotalCashValue',
  'SettledCash',
  'AccruedCash',
  'BuyingPower',
  'EquityWithLoanValue',
  'PreviousDayEquityWithLoanValue',
  'GrossPositionValue',
  'RegTEquity',
  'RegTMargin',
  'SMA',
  'InitMarginReq',
  'MaintMarginReq',
  'AvailableFunds',
  'ExcessLiquidity',
  'Cushion',
  'FullInitMarginReq',
  'FullMaintMarginReq',
  'FullAvailableFunds',
  'FullExcessLiquidity',
  'LookAheadNextChange',
  'LookAheadInitMarginReq',
  'LookAheadMaintMarginReq',
  'LookAheadAvailableFunds',
  'LookAheadExcessLiquidity',
  'HighestSeverity',
  'DayTradesRemaining',
  'Leverage',
] as const;
export type AccountSummaryTag = (typeof ACCOUNT_SUMMARY_TAGS)[number];

/**
 * The broker's public methods (implemented by `Broker` in ./broker.ts).
 * All queries return snapshots (copies) except where noted; mutate nothing you get back.
 */
export interface BrokerApi {
  accounts(): readonly string[];
  /** Next valid order id for this clientId (reqIds / nextValidId). Persists across reconnects. */
  nextOrderId(clientId: number): number;

  /** placeOrder: new order, or a modify when (clientId, orderId) already exists. */
  placeOrder(request: PlaceOrderRequest): PlaceOrderResult;
  /** cancelOrder: 10147 for unknown, 10148 for filled/cancelled; emits orderStatus Cancelled and orderMessage 202. */
  cancelOrder(clientId: number, orderId: number): CancelOrderResult;
  /** reqGlobalCancel: cancels every working order of every client. */
  globalCancel(): void;

  orders(): Readonly<OrderRecord>[];
  /** Working orders (not Filled/Cancelled/ApiCancelled/Inactive); for one client, or all when clientId is undefined. */
  openOrders(clientId?: number): Readonly<OrderRecord>[];
  /** Filled or cancelled orders (reqCompletedOrders). */
  completedOrders(): Readonly<OrderRecord>[];
  order(clientId: number, orderId: number): Readonly<OrderRecord> | undefined;

  executions(filter?: ExecutionFilter): ExecutionWithCommission[];
  /**
   * Books a position carried in from before the session (no order, no execution): cash of the instrument's
   * currency pays for it at `avgCost` (futures: nothing, they are marked to market), so NetLiquidation does not
   * move when avgCost is the mark. Its daily P&L runs from the previous close.
   */
  seedPosition(position: InitialPosition): PositionRecord;
  positions(account?: string): PositionRecord[];
  portfolio(account: string): PortfolioRow[];
  /**
   * updateAccountValue key set: the summary tags in USD, then CashBalance, TotalCashBalance, NetLiquidationByCurrency,
   * StockMarketValue, OptionMarketValue, FuturesPNL, UnrealizedPnL, RealizedPnL and ExchangeRate for BASE and for
   * each currency the account holds.
   */
  accountValues(account?: string): AccountValue[];
  /** reqAccountSummary rows for the given tags (default all ACCOUNT_SUMMARY_TAGS). */
  accountSummary(account: string, tags?: readonly string[]): AccountValue[];
  /**
   * A numeric account value by key (tests and reconciliation), unrounded; NaN when unknown. Without `currency`: a
   * summary tag in USD, or a per-currency key's BASE value; with it ('USD', 'EUR', 'BASE'): that currency's value.
   */
  accountNumber(account: string, key: string, currency?: string): number;
  pnl(account: string): AccountPnL | undefined;
  pnlSingle(account: string, conId: number): PositionPnL | undefined;

  on<K extends keyof BrokerEvents>(event: K, listener: BrokerEvents[K]): () => void;
  /** Detach from the market (stop matching). */
  dispose(): void;
}
