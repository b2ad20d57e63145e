/**
 * The wire shapes of the Edgerunner local API (REST bodies, WebSocket payloads), as zod schemas.
 *
 * One source of truth: the gateway service produces these shapes, the HTTP and WebSocket layers validate with
 * them, the OpenAPI document is generated from them, and the desktop window renders them. Field names and enum
 * strings are fixed by the existing frontend (../shared/edgerunner-api-contract.md): extend only by adding.
 *
 * This module is runtime-neutral (no Node, no Electron) so the renderer can import it too.
 */
import { z } from 'zod';

export const ConnectionStatusSchema = z.enum(['disconnected', 'connecting', 'connected', 'error', 'reconnecting']);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

export const MarketDataStatusSchema = z.enum(['inactive', 'connecting', 'active', 'error']);
export type MarketDataStatus = z.infer<typeof MarketDataStatusSchema>;

export const DataQualitySchema = z.enum(['good', 'delayed', 'stale', 'unavailable']);
export type DataQuality = z.infer<typeof DataQualitySchema>;

export const OrderActionSchema = z.enum(['BUY', 'SELL']);
export type OrderAction = z.infer<typeof OrderActionSchema>;

/** Order types as the frontend names them; STP_LMT and TRAIL_LIMIT map to IB's "STP LMT" and "TRAIL LIMIT". */
export const OrderTypeSchema = z.enum(['MKT', 'LMT', 'STP', 'STP_LMT', 'TRAIL', 'TRAIL_LIMIT']);
export type OrderType = z.infer<typeof OrderTypeSchema>;

export const TimeInForceSchema = z.enum(['DAY', 'GTC', 'IOC', 'FOK']);
export type TimeInForce = z.infer<typeof TimeInForceSchema>;

export const OrderStatusSchema = z.enum([
  'PendingSubmit',
  'PendingCancel',
  'PreSubmitted',
  'Submitted',
  'Cancelled',
  'Filled',
  'Inactive',
  'PartiallyFilled',
  'ApiCancelled',
  'Unknown',
]);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const SeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * Text that may travel to TWS must hold no control characters (C0, DEL, C1). TWS separates protocol fields with
 * NUL, so a NUL inside a string shifts every field after it (the broker would receive another order than the one
 * validated here); the other control characters have no business in an order either, and are refused alike.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f-\u009f]*$/;

/** A string field that may reach TWS (or the orders journal next to one that does): no control characters. */
export function wireText(field: string): z.ZodString {
  return z.string().regex(NO_CONTROL_CHARS, `${field} must not contain control characters (such as NUL, tab or newline)`);
}

/** An idempotency key, from the Idempotency-Key header or the idempotencyKey field: sent to TWS as orderRef. */
export const IdempotencyKeySchema = wireText('idempotencyKey').min(1).max(64);

/** Real symbols include spaces and dots ("BRK B", "BRK.B"); forex pairs use a dot too ("EUR.USD"). */
export const SymbolSchema = z
  .string()
  .trim()
  .min(1, 'symbol must not be empty')
  .max(21, 'symbol is at most 21 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 .\-/]*$/, 'symbol may contain letters, digits, spaces, dots, dashes and slashes')
  .transform((s) => s.toUpperCase());

export const RiskChecksSchema = z.object({
  maxOrderValue: z.number().positive().optional(),
  maxPositionSize: z.number().positive().optional(),
  /** Largest quantity of one order: the fat-finger bound (added; the settings give it a default). */
  maxOrderQuantity: z.number().positive().optional(),
  allowedOrderTypes: z.array(OrderTypeSchema).optional(),
  requireConfirmation: z.boolean().optional(),
});
export type RiskChecks = z.infer<typeof RiskChecksSchema>;

/** Optional contract qualifiers a client may add to a symbol (extension of the original contract). */
export const ContractQualifiersSchema = z.object({
  secType: z.enum(['STK', 'ETF', 'FUT', 'CASH', 'IND', 'OPT', 'CFD', 'CRYPTO']).optional(),
  exchange: wireText('exchange').min(1).max(20).optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'currency must be a three-letter code such as USD (letters only)')
    .optional(),
  conId: z.number().int().positive().optional(),
});

export const OrderRequestBaseSchema = z
  .object({
    symbol: SymbolSchema,
    action: OrderActionSchema,
    quantity: z.number().positive('quantity must be greater than 0').finite(),
    orderType: OrderTypeSchema,
    price: z.number().positive().finite().optional(),
    auxPrice: z.number().positive().finite().optional(),
    timeInForce: TimeInForceSchema.default('DAY'),
    outsideRth: z.boolean().optional(),
    strategyId: wireText('strategyId').max(64).optional(),
    accountId: wireText('accountId').max(32).optional(),
    idempotencyKey: IdempotencyKeySchema.optional(),
    riskChecks: RiskChecksSchema.optional(),
  })
  .extend(ContractQualifiersSchema.shape);

/** Which price fields each order type needs, in words a trader understands. */
export function orderPriceIssues(o: { orderType: OrderType; price?: number; auxPrice?: number }): string[] {
  const issues: string[] = [];
  const needsPrice = o.orderType === 'LMT' || o.orderType === 'STP_LMT' || o.orderType === 'TRAIL_LIMIT';
  const needsAux = o.orderType === 'STP' || o.orderType === 'STP_LMT' || o.orderType === 'TRAIL' || o.orderType === 'TRAIL_LIMIT';
  if (needsPrice && o.price === undefined) issues.push(`${o.orderType} orders need a limit price (price)`);
  if (needsAux && o.auxPrice === undefined) {
    issues.push(
      o.orderType.startsWith('TRAIL')
        ? `${o.orderType} orders need a trailing amount (auxPrice)`
        : `${o.orderType} orders need a stop price (auxPrice)`,
    );
  }
  if (o.orderType === 'MKT' && o.price !== undefined) issues.push('MKT orders take no limit price');
  return issues;
}

export const OrderRequestSchema = OrderRequestBaseSchema.superRefine((o, ctx) => {
  for (const message of orderPriceIssues(o)) ctx.addIssue({ code: 'custom', message, path: ['price'] });
});
export type OrderRequest = z.infer<typeof OrderRequestSchema>;

export const OrderSchema = z.object({
  orderId: z.number().int(),
  permId: z.number().int(),
  parentId: z.number().int().optional(),
  ocaGroup: z.string().optional(),
  symbol: z.string(),
  action: OrderActionSchema,
  quantity: z.number(),
  orderType: OrderTypeSchema,
  price: z.number().optional(),
  auxPrice: z.number().optional(),
  timeInForce: TimeInForceSchema.optional(),
  status: OrderStatusSchema,
  filled: z.number(),
  remaining: z.number(),
  avgFillPrice: z.number(),
  lastFillPrice: z.number(),
  commission: z.number(),
  timestamp: z.string(),
  strategyId: z.string(),
  account: z.string(),
  idempotencyKey: z.string().optional(),
  whyHeld: z.string().optional(),
  rejectReason: z.string().optional(),
});
export type Order = z.infer<typeof OrderSchema>;

export const OrderResponseSchema = z.object({
  orderId: z.number().int(),
  status: OrderStatusSchema,
  filled: z.number(),
  avgFillPrice: z.number(),
  remaining: z.number(),
  timestamp: z.string(),
  commission: z.number(),
  order: OrderSchema,
});
export type OrderResponse = z.infer<typeof OrderResponseSchema>;

export const PositionSchema = z.object({
  account: z.string(),
  symbol: z.string(),
  conId: z.number().int(),
  position: z.number(),
  marketPrice: z.number(),
  marketValue: z.number(),
  averageCost: z.number(),
  unrealizedPnL: z.number(),
  realizedPnL: z.number(),
  secType: z.string().optional(),
  currency: z.string().optional(),
});
export type IBKRPosition = z.infer<typeof PositionSchema>;

export const ExecutionReportSchema = z.object({
  orderId: z.number().int(),
  execId: z.string(),
  symbol: z.string(),
  side: z.enum(['BOT', 'SLD']),
  shares: z.number(),
  price: z.number(),
  time: z.string(),
  commission: z.number(),
  realizedPnL: z.number(),
  account: z.string(),
  permId: z.number().int().optional(),
  cumQty: z.number().optional(),
  avgPrice: z.number().optional(),
});
export type ExecutionReport = z.infer<typeof ExecutionReportSchema>;

/** Numeric fields of the contract's AccountSummary, in contract order. */
export const ACCOUNT_SUMMARY_NUMERIC_FIELDS = [
  'netLiquidation',
  'totalCashValue',
  'settledCash',
  'accrualCash',
  'buyingPower',
  'equityWithLoanValue',
  'previousDayEquityWithLoanValue',
  'grossPositionValue',
  'regTEquity',
  'regTMargin',
  'sma',
  'initMarginReq',
  'maintMarginReq',
  'availableFunds',
  'excessLiquidity',
  'cushion',
  'fullInitMarginReq',
  'fullMaintMarginReq',
  'fullAvailableFunds',
  'fullExcessLiquidity',
  'lookAheadNextChange',
  'lookAheadInitMarginReq',
  'lookAheadMaintMarginReq',
  'lookAheadAvailableFunds',
  'lookAheadExcessLiquidity',
  'dayTradesRemaining',
  'leverage',
] as const;
export type AccountSummaryNumericField = (typeof ACCOUNT_SUMMARY_NUMERIC_FIELDS)[number];

export const AccountSummarySchema = z.object({
  account: z.string(),
  currency: z.string(),
  highestSeverity: z.string(),
  ...(Object.fromEntries(ACCOUNT_SUMMARY_NUMERIC_FIELDS.map((f) => [f, z.number()])) as Record<
    AccountSummaryNumericField,
    z.ZodNumber
  >),
});
export type AccountSummary = z.infer<typeof AccountSummarySchema>;

/**
 * The TWS session's phase: what is happening and when it will end, in words a trader can act on (docs/gateway.md
 * has the table of what TWS sends, what the proxy does and what the trader sees for each).
 */
export const SessionPhaseNameSchema = z.enum([
  'connected',
  'connecting',
  'disconnected',
  'tws-unreachable',
  'tws-restarting',
  'tws-login-required',
  'client-id-busy',
  'ib-servers-unreachable',
  'competing-session',
]);
export type SessionPhaseName = z.infer<typeof SessionPhaseNameSchema>;

/** A data farm group: ok (2104/2106/2158), broken (2103/2105/2157), inactive (2107/2108: connects on demand). */
export const FarmStateSchema = z.enum(['ok', 'broken', 'inactive', 'unknown']);

export const SessionPhaseSchema = z.object({
  phase: SessionPhaseNameSchema,
  /** When this phase began (ISO). */
  since: z.string(),
  /** One sentence: what is happening. */
  message: z.string(),
  /** What the trader can do, or null when nothing is needed. */
  action: z.string().nullable(),
  /** When TWS should answer again (a restart), ISO, or null. */
  expectedBackAt: z.string().nullable(),
  /** True when a person has to act (a login, a stuck client id, a competing session). */
  needsAttention: z.boolean(),
  /** TWS's link to IBKR's servers: 1100 lost, 1101 restored with data lost (lines re-requested), 1102 restored. */
  connectivity: z.enum(['ok', 'lost', 'restored-data-lost', 'restored-data-kept']),
  farms: z.object({ marketData: FarmStateSchema, historical: FarmStateSchema, securityDefinition: FarmStateSchema }),
  /** The configured client id and the one in use (another from the range while TWS holds the configured one). */
  clientId: z.object({ configured: z.number().int(), inUse: z.number().int().nullable() }),
  /** TWS's next daily restart (ISO), when the schedule is configured. */
  nextRestartAt: z.string().nullable(),
});
export type SessionPhase = z.infer<typeof SessionPhaseSchema>;

export const ConnectionHealthSchema = z.object({
  isConnected: z.boolean(),
  lastHeartbeat: z.string().nullable(),
  connectionDuration: z.number(),
  reconnectAttempts: z.number().int(),
  dataQuality: DataQualitySchema,
  /** Added: the TWS session's phase. */
  session: SessionPhaseSchema.optional(),
});
export type ConnectionHealth = z.infer<typeof ConnectionHealthSchema>;

export const IBKRErrorSchema = z.object({
  id: z.number().int(),
  code: z.number().int(),
  message: z.string(),
  severity: SeveritySchema,
  timestamp: z.string(),
  recoverable: z.boolean(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type IBKRError = z.infer<typeof IBKRErrorSchema>;

export const MarketDataUpdateSchema = z.object({
  symbol: z.string(),
  field: z.number().int(),
  value: z.number(),
  timestamp: z.string(),
});
export type MarketDataUpdate = z.infer<typeof MarketDataUpdateSchema>;

/** Which TWS profile the gateway uses. */
export const TradingModeSchema = z.enum(['live', 'paper']);
export type TradingMode = z.infer<typeof TradingModeSchema>;

/** The gateway service's getStatus(): what the desktop window, the console and the tray show. */
export const GatewayStatusSchema = z.object({
  status: ConnectionStatusSchema,
  reason: z.string(),
  mode: TradingModeSchema,
  host: z.string(),
  port: z.number().int(),
  clientId: z.number().int(),
  serverVersion: z.number().int().nullable(),
  accounts: z.array(z.string()),
  connectedAt: z.string().nullable(),
  reconnectAttempts: z.number().int(),
  nextRetryAt: z.string().nullable(),
  dataQuality: DataQualitySchema,
  marketDataStatus: MarketDataStatusSchema,
  lastHeartbeat: z.string().nullable(),
  linesInUse: z.number().int(),
  lineBudget: z.number().int(),
  tradingBlocked: z.boolean(),
  messagesIn: z.number(),
  messagesOut: z.number(),
  session: SessionPhaseSchema,
});
export type GatewayStatus = z.infer<typeof GatewayStatusSchema>;
