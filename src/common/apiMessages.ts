/**
 * Request and message schemas of the local API that contract.ts does not define: REST bodies and queries, the
 * WebSocket envelope and every WebSocket payload, plus the additions (modify, bracket, kill switch, history...).
 *
 * One set of schemas: the REST routes and the WebSocket handlers validate with the same objects, and the OpenAPI
 * document (src/core/api/openapi.ts) is generated from them, so the three cannot drift apart.
 * Runtime-neutral (zod only) so the renderer and other tools may import it.
 */
import { z } from 'zod';
import {
  AccountSummarySchema,
  ConnectionHealthSchema,
  ConnectionStatusSchema,
  SessionPhaseNameSchema,
  SessionPhaseSchema,
  ExecutionReportSchema,
  IBKRErrorSchema,
  MarketDataStatusSchema,
  MarketDataUpdateSchema,
  OrderRequestBaseSchema,
  OrderRequestSchema,
  OrderResponseSchema,
  OrderSchema,
  OrderTypeSchema,
  PositionSchema,
  SymbolSchema,
  TimeInForceSchema,
  orderPriceIssues,
  wireText,
} from './contract.js';
import { LogLineSchema, ProxyStatusSchema, TrafficSampleSchema } from './consoleShapes.js';

// ---------------------------------------------------------------------------------------------------------------
// REST requests
// ---------------------------------------------------------------------------------------------------------------

export const LoginRequestSchema = z.object({
  username: z.string().min(1, 'username is required').max(128),
  password: z.string().min(1, 'password is required').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/**
 * The one-time launch code of the banner's console link (`/#launch=<code>`: in the fragment, so it never reaches
 * a server log or a Referer), exchanged once for a session token.
 */
export const LaunchRequestSchema = z.object({ code: z.string().min(16, 'code is the launch code of the banner link').max(128) });

/** A TWS host: DNS name, IPv4 or IPv6 literal (same rule as the settings schema). */
const TWS_HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|[0-9A-Fa-f:.]+)$/;

export const ConnectRequestSchema = z.object({
  host: z.string().max(253).regex(TWS_HOST_RE, 'host must be a host name or an IP address').optional(),
  connectionPort: z.number().int().min(1).max(65535),
  clientId: z.number().int().min(0).max(2_147_483_647),
  isPaper: z.boolean(),
  // Accepted for compatibility with the original frontend and deliberately ignored: TWS authenticates in its own
  // window, so the proxy never needs (and never stores or logs) the IBKR password.
  username: z.string().max(128).optional(),
  password: z.string().max(1024).optional(),
});
export type ConnectRequest = z.infer<typeof ConnectRequestSchema>;

export const MarketDataFrequencySchema = z.enum(['snapshot', 'streaming']);

export const SubscribeMarketDataSchema = z.object({
  symbols: z
    .array(SymbolSchema)
    .min(1, 'symbols must list at least one symbol')
    .max(100, 'symbols may list at most 100 symbols'),
  fields: z.array(z.number().int().min(0).max(1000)).max(100).optional(),
  frequency: MarketDataFrequencySchema.optional(),
});
export type SubscribeMarketData = z.infer<typeof SubscribeMarketDataSchema>;

export const SubscriptionIdSchema = z.string().min(1).max(64);

export const UnsubscribeMarketDataSchema = z.object({ subscriptionId: SubscriptionIdSchema });

/**
 * Path parameter of /api/orders/:id and the orderId of WebSocket messages (a TWS order id). A string counts only
 * when it is digits and nothing else: Number() would also read " 1", "1\t" or "0x1" as an order id.
 */
export const OrderIdSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^[0-9]{1,10}$/.test(v) ? Number(v) : v),
  z
    .number({ error: 'order id must be a number' })
    .int('order id must be a whole number')
    .min(0, 'order id must not be negative')
    .max(2_147_483_647),
);

/** Fields of a live order a trader may change (PUT /api/orders/:id, modify_order). */
export const ModifyOrderRequestSchema = z
  .object({
    quantity: z.number().positive('quantity must be greater than 0').finite().optional(),
    price: z.number().positive().finite().optional(),
    auxPrice: z.number().positive().finite().optional(),
    orderType: OrderTypeSchema.optional(),
    timeInForce: TimeInForceSchema.optional(),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), {
    message: 'give at least one of quantity, price, auxPrice, orderType, timeInForce',
  });
export type ModifyOrderRequest = z.infer<typeof ModifyOrderRequestSchema>;

/**
 * THE bracket price rule (the schema and the gateway both apply it): the take-profit on the winning side of the
 * stop-loss, and a limit entry between the two. Returns [field, sentence] pairs; empty when the prices fit.
 */
export function bracketPriceIssues(o: {
  action: 'BUY' | 'SELL';
  price?: number | undefined;
  takeProfitPrice: number;
  stopLossPrice: number;
}): Array<[field: 'takeProfitPrice' | 'price', message: string]> {
  const issues: Array<['takeProfitPrice' | 'price', string]> = [];
  const buy = o.action === 'BUY';
  if (buy ? o.takeProfitPrice <= o.stopLossPrice : o.takeProfitPrice >= o.stopLossPrice) {
    issues.push(['takeProfitPrice', buy ? 'a BUY bracket needs takeProfitPrice above stopLossPrice' : 'a SELL bracket needs takeProfitPrice below stopLossPrice']);
  }
  if (o.price !== undefined) {
    const between = buy ? o.takeProfitPrice > o.price && o.stopLossPrice < o.price : o.takeProfitPrice < o.price && o.stopLossPrice > o.price;
    if (!between) issues.push(['price', 'the entry price must lie between stopLossPrice and takeProfitPrice']);
  }
  return issues;
}

/**
 * A bracket: the entry order plus a take-profit limit and a stop-loss stop, one OCA group. The entry is an
 * ordinary OrderRequest (MKT or LMT); the exits must sit on the right side of the entry.
 */
export const BracketOrderRequestSchema = OrderRequestBaseSchema.extend({
  orderType: z.enum(['MKT', 'LMT']),
  takeProfitPrice: z.number().positive().finite(),
  stopLossPrice: z.number().positive().finite(),
}).superRefine((o, ctx) => {
  for (const message of orderPriceIssues(o)) ctx.addIssue({ code: 'custom', message, path: ['price'] });
  for (const [field, message] of bracketPriceIssues(o)) ctx.addIssue({ code: 'custom', message, path: [field] });
});
export type BracketOrderRequest = z.infer<typeof BracketOrderRequestSchema>;

export const ContractSearchQuerySchema = z.object({
  q: wireText('q').trim().min(1, 'q (the text to search for) is required').max(50),
});

export const HistoryBarSizeSchema = z.enum([
  '1 secs', '5 secs', '10 secs', '15 secs', '30 secs',
  '1 min', '2 mins', '3 mins', '5 mins', '10 mins', '15 mins', '20 mins', '30 mins',
  '1 hour', '2 hours', '3 hours', '4 hours', '8 hours',
  '1 day', '1 week', '1 month',
]);

export const HistoryQuerySchema = z.object({
  duration: z
    .string()
    .regex(/^[1-9]\d{0,4} [SDWMY]$/, 'duration is a number and a unit, e.g. "1 D", "2 W", "3600 S"')
    .default('1 D'),
  barSize: HistoryBarSizeSchema.default('5 mins'),
  whatToShow: z.enum(['TRADES', 'MIDPOINT', 'BID', 'ASK', 'BID_ASK']).optional(),
  useRTH: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
});

// ---------------------------------------------------------------------------------------------------------------
// WebSocket
// ---------------------------------------------------------------------------------------------------------------

/** Client → server frame. `id` is echoed on the direct reply so the client can match it. */
export const ClientMessageSchema = z.object({
  id: z.union([z.string().max(128), z.number().finite()]).optional(),
  type: z.string().min(1).max(64),
  payload: z.unknown().optional(),
  timestamp: z.unknown().optional(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** Server → client frame: a direct reply (id = the request's id) or a push (id = a fresh uuid). */
export const ServerMessageSchema = z.object({
  id: z.union([z.string(), z.number()]),
  type: z.string(),
  payload: z.unknown(),
  timestamp: z.string(),
});

export const AuthenticatePayloadSchema = z.object({ token: z.string().min(1, 'token is required').max(4096) });
export const PingPayloadSchema = z.object({ timestamp: z.unknown().optional() }).optional();
export const CancelOrderPayloadSchema = z.object({ orderId: OrderIdSchema });
export const ModifyOrderPayloadSchema = z
  .object({ orderId: OrderIdSchema })
  .extend(ModifyOrderRequestSchema.shape)
  .refine(({ orderId: _o, ...m }) => Object.values(m).some((v) => v !== undefined), {
    message: 'give at least one of quantity, price, auxPrice, orderType, timeInForce',
  });
export const SetOptionsPayloadSchema = z.object({
  /** Opt in to `marketDataBatch` frames (several updates per frame) instead of one `marketData` per update. */
  batchMarketData: z.boolean().optional(),
  /**
   * Opt in to the web console's pushes: `consoleStatus` (on every visible change), `trafficSample` (each
   * second) and `logLine` (each log line, redacted). Off by default: a trading frontend does not need them.
   */
  consoleEvents: z.boolean().optional(),
});
export const SnapshotPayloadSchema = z.object({ symbol: SymbolSchema });
export const HistoryPayloadSchema = HistoryQuerySchema.extend({ symbol: SymbolSchema });

/** Every `error` payload: a stable code and a sentence. IB errors pushed by the gateway add their own fields. */
export const WsErrorPayloadSchema = z.object({
  code: z.union([z.string(), z.number()]),
  message: z.string(),
  issues: z.array(z.unknown()).optional(),
});

export const WS_ERROR_CODES = [
  'invalid_message_format',
  'authentication_required',
  'missing_token',
  'authentication_failed',
  'invalid_symbols',
  'invalid_payload',
  'unknown_message_type',
  'message_processing_error',
  'subscription_not_found',
  'rate_limited',
  'too_many_in_flight',
  'authentication_timeout',
  'token_expired',
] as const;

export const QuoteSchema = z.object({
  symbol: z.string(),
  conId: z.number(),
  bid: z.number().optional(),
  ask: z.number().optional(),
  last: z.number().optional(),
  bidSize: z.number().optional(),
  askSize: z.number().optional(),
  lastSize: z.number().optional(),
  volume: z.number().optional(),
  high: z.number().optional(),
  low: z.number().optional(),
  close: z.number().optional(),
  open: z.number().optional(),
  delayed: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const BarSchema = z.object({
  time: z.string(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  wap: z.number(),
  count: z.number(),
});
export type Bar = z.infer<typeof BarSchema>;

export const PnLSchema = z.object({
  account: z.string(),
  dailyPnL: z.number(),
  unrealizedPnL: z.number(),
  realizedPnL: z.number(),
});
export type PnL = z.infer<typeof PnLSchema>;

export const ContractSearchResultSchema = z.object({
  conId: z.number(),
  symbol: z.string(),
  secType: z.string(),
  primaryExchange: z.string(),
  currency: z.string(),
  description: z.string().optional(),
});
export type ContractSearchResult = z.infer<typeof ContractSearchResultSchema>;

export const TradingStatusSchema = z.object({
  tradingBlocked: z.boolean(),
  readOnly: z.boolean(),
});

/**
 * Client → server message types, with the payload each takes and the reply type. The WebSocket dispatcher and the
 * OpenAPI document both read this table.
 */
export const WS_REQUESTS = {
  authenticate: { payload: AuthenticatePayloadSchema, reply: 'authentication_success' },
  ping: { payload: PingPayloadSchema, reply: 'pong' },
  subscribe_market_data: { payload: SubscribeMarketDataSchema, reply: 'subscription_confirmed' },
  unsubscribe_market_data: { payload: UnsubscribeMarketDataSchema, reply: 'unsubscription_confirmed' },
  place_order: { payload: OrderRequestSchema, reply: 'order_response' },
  cancel_order: { payload: CancelOrderPayloadSchema, reply: 'order_response' },
  get_positions: { payload: z.unknown(), reply: 'positions_response' },
  get_account_summary: { payload: z.unknown(), reply: 'account_summary_response' },
  get_connection_health: { payload: z.unknown(), reply: 'connection_health_response' },
  // Additions (not in the original contract).
  modify_order: { payload: ModifyOrderPayloadSchema, reply: 'order_response' },
  place_bracket_order: { payload: BracketOrderRequestSchema, reply: 'bracket_order_response' },
  cancel_all_orders: { payload: z.unknown(), reply: 'cancel_all_response' },
  enable_trading: { payload: z.unknown(), reply: 'trading_status_response' },
  get_trading_status: { payload: z.unknown(), reply: 'trading_status_response' },
  get_orders: { payload: z.unknown(), reply: 'orders_response' },
  get_executions: { payload: z.unknown(), reply: 'executions_response' },
  get_pnl: { payload: z.unknown(), reply: 'pnl_response' },
  get_market_data_snapshot: { payload: SnapshotPayloadSchema, reply: 'market_data_snapshot_response' },
  set_options: { payload: SetOptionsPayloadSchema, reply: 'options_updated' },
} as const;
export type WsRequestType = keyof typeof WS_REQUESTS;

/** Server → client payloads (direct replies and pushes). */
export const WS_SERVER_PAYLOADS = {
  connection_established: z.object({ clientId: z.string() }),
  authentication_success: z.object({ userId: z.string() }),
  pong: z.object({ timestamp: z.unknown() }),
  subscription_confirmed: z.object({ subscriptionId: z.string(), symbols: z.array(z.string()) }),
  unsubscription_confirmed: z.object({ subscriptionId: z.string() }),
  order_response: OrderResponseSchema,
  positions_response: z.object({ positions: z.array(PositionSchema) }),
  account_summary_response: z.object({ accountSummary: AccountSummarySchema.nullable() }),
  connection_health_response: z.object({ health: ConnectionHealthSchema }),
  bracket_order_response: z.object({ orders: z.array(OrderResponseSchema) }),
  cancel_all_response: z.object({ cancelled: z.number().int(), tradingBlocked: z.boolean() }),
  trading_status_response: TradingStatusSchema,
  orders_response: z.object({ orders: z.array(OrderSchema) }),
  executions_response: z.object({ executions: z.array(ExecutionReportSchema) }),
  pnl_response: z.object({ pnl: z.array(PnLSchema) }),
  market_data_snapshot_response: z.object({ quote: QuoteSchema }),
  options_updated: z.object({ batchMarketData: z.boolean(), consoleEvents: z.boolean() }),
  /** A protocol error (direct reply) or, pushed, an IB error (IBKRError: numeric code, severity...). */
  error: z.union([WsErrorPayloadSchema, IBKRErrorSchema]),
  // Pushes.
  marketData: MarketDataUpdateSchema,
  marketDataBatch: z.object({ updates: z.array(MarketDataUpdateSchema) }),
  orderStatus: OrderSchema,
  positionUpdate: PositionSchema,
  accountUpdate: AccountSummarySchema,
  executionReport: ExecutionReportSchema,
  connectionStatus: z.object({
    status: ConnectionStatusSchema,
    reason: z.string().optional(),
    previous: ConnectionStatusSchema.optional(),
    /** Added: the session phase at this change. */
    phase: SessionPhaseNameSchema.optional(),
  }),
  /** Added: pushed when the TWS session's phase changes (also while the connection status stays the same). */
  sessionPhase: SessionPhaseSchema,
  tradingStatus: TradingStatusSchema,
  /** Added, to clients that opted in (set_options consoleEvents): the proxy's status, when a visible part changes. */
  consoleStatus: ProxyStatusSchema,
  /** Added, to the same: message and tick rates of the last second. */
  trafficSample: TrafficSampleSchema,
  /** Added, to the same: each log line, redacted. */
  logLine: LogLineSchema,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// REST responses (documentation: the OpenAPI generator uses these)
// ---------------------------------------------------------------------------------------------------------------

export const FailureResponseSchema = z.object({
  success: z.literal(false),
  message: z.string(),
  code: z.string().optional(),
  issues: z.array(z.unknown()).optional(),
});

export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  timestamp: z.string(),
  version: z.string(),
  mode: z.enum(['headless', 'demo', 'desktop']),
  ibkr: z.object({
    connected: z.boolean(),
    connectionStatus: ConnectionStatusSchema,
    marketDataStatus: MarketDataStatusSchema,
    /** Added: the TWS session's phase (restarting, waiting for its login …) and its sentence. */
    phase: SessionPhaseNameSchema.optional(),
    phaseMessage: z.string().optional(),
  }),
  websocket: z.object({ connectedClients: z.number().int(), authenticatedClients: z.number().int() }),
});

export const LoginResponseSchema = z.object({
  success: z.literal(true),
  token: z.string(),
  accessToken: z.string(),
  expiresIn: z.union([z.string(), z.number()]),
  user: z.object({ id: z.string(), username: z.string() }),
});

export const WsClientInfoSchema = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  authenticated: z.boolean(),
  connectionTime: z.string(),
  lastPing: z.string().nullable(),
  subscriptions: z.array(z.string()),
  subscriptionIds: z.array(z.string()),
  batchMarketData: z.boolean(),
  conflating: z.boolean(),
  bufferedAmount: z.number(),
  /** The page that opened the socket (the upgrade's Origin header, already checked); absent for non-browser clients. */
  origin: z.string().optional(),
});
export type WsClientInfo = z.infer<typeof WsClientInfoSchema>;
