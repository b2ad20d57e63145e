/**
 * The shapes the protocol layer reads from requests and writes into responses. They mirror TWS's own Contract /
 * Order / Execution records (only the fields the simulator uses); the session maps the market and broker model
 * onto them, so the wire layer does not depend on how the domain model is organised.
 */

export interface WireContract {
  conId?: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth?: string;
  strike?: number;
  right?: string;
  multiplier?: string;
  exchange: string;
  primaryExch?: string;
  currency: string;
  localSymbol?: string;
  tradingClass?: string;
  secIdType?: string;
  secId?: string;
  includeExpired?: boolean;
  issuerId?: string;
}

export interface WireOrderCondition {
  type: number;
  conjunction: string;
  fields: string[];
}

/** An order as placed by a client (placeOrder) and echoed back in openOrder / completedOrder. */
export interface WireOrder {
  orderId: number;
  clientId: number;
  permId: number;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice?: number;
  auxPrice?: number;
  tif: string;
  ocaGroup: string;
  ocaType?: number;
  account: string;
  openClose: string;
  origin: number;
  orderRef: string;
  transmit: boolean;
  parentId: number;
  outsideRth: boolean;
  hidden: boolean;
  goodAfterTime: string;
  goodTillDate: string;
  trailStopPrice?: number;
  trailingPercent?: number;
  whatIf: boolean;
  modelCode: string;
  algoStrategy: string;
  algoParams: { tag: string; value: string }[];
  conditions: WireOrderCondition[];
  conditionsIgnoreRth: boolean;
  conditionsCancelOrder: boolean;
  cashQty?: number;
  displaySize?: number;
  minQty?: number;
  allOrNone: boolean;
  triggerMethod: number;
  extOperator: string;
  manualOrderIndicator?: number;
  includeOvernight: boolean;
  customerAccount: string;
  professionalCustomer: boolean;
}

export interface WireOrderState {
  status: string;
  commission?: number;
  minCommission?: number;
  maxCommission?: number;
  commissionCurrency?: string;
  /** whatIf answers: initial / maintenance margin and equity with loan after the order. */
  initMarginAfter?: number;
  maintMarginAfter?: number;
  equityWithLoanAfter?: number;
  warningText?: string;
  completedTime?: string;
  completedStatus?: string;
  filledQuantity?: number;
}

export interface WireOrderStatus {
  orderId: number;
  status: string;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  permId: number;
  parentId: number;
  lastFillPrice: number;
  clientId: number;
  whyHeld: string;
  mktCapPrice: number;
}

export interface WireExecution {
  orderId: number;
  execId: string;
  /** TWS format `yyyyMMdd  HH:mm:ss` (two spaces). */
  time: string;
  acctNumber: string;
  exchange: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  permId: number;
  clientId: number;
  liquidation: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  modelCode: string;
  lastLiquidity: number;
  pendingPriceRevision: boolean;
}

export interface WireCommissionReport {
  execId: string;
  commission: number;
  currency: string;
  realizedPNL?: number;
  yield?: number;
}

export interface WireContractDetails {
  contract: WireContract;
  marketName: string;
  minTick: number;
  orderTypes: string;
  validExchanges: string;
  priceMagnifier: number;
  underConId: number;
  longName: string;
  contractMonth: string;
  industry: string;
  category: string;
  subcategory: string;
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
  secIdList: { tag: string; value: string }[];
  aggGroup: number;
  underSymbol: string;
  underSecType: string;
  marketRuleIds: string;
  realExpirationDate: string;
  lastTradeDate: string;
  stockType: string;
  minSize: number;
  sizeIncrement: number;
  suggestedSizeIncrement: number;
}

export interface WireBar {
  /** Already formatted as the request's formatDate asks. */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  wap: number;
  barCount: number;
}
