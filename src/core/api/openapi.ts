/**
 * The OpenAPI 3 document, generated from the same zod schemas that validate requests (served at
 * GET /api/openapi.json). WebSocket messages are documented as component schemas (WsRequest_<type>,
 * WsMessage_<type>) plus an `x-websocket` extension listing every client message with its reply type.
 */
import { z } from 'zod';
import {
  BarSchema,
  BracketOrderRequestSchema,
  ConnectRequestSchema,
  ContractSearchResultSchema,
  FailureResponseSchema,
  HealthResponseSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  ModifyOrderRequestSchema,
  PnLSchema,
  QuoteSchema,
  SubscribeMarketDataSchema,
  TradingStatusSchema,
  WS_REQUESTS,
  WS_SERVER_PAYLOADS,
  WsClientInfoSchema,
} from '../../common/apiMessages.js';
import {
  AccountSummarySchema,
  ConnectionHealthSchema,
  ConnectionStatusSchema,
  ExecutionReportSchema,
  OrderRequestSchema,
  OrderResponseSchema,
  OrderSchema,
  PositionSchema,
} from '../../common/contract.js';

type Method = 'get' | 'post' | 'put' | 'delete';

interface RouteDoc {
  method: Method;
  path: string;
  summary: string;
  auth?: boolean;
  body?: z.ZodType;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  ok: z.ZodType;
}

const ok = <T extends z.ZodRawShape>(shape: T) => z.object({ success: z.literal(true), ...shape });
const message = { message: z.string() };
const idParam = z.object({ id: z.string() });
const symbolParam = z.object({ symbol: z.string() });

const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/health', summary: 'Liveness, TWS connection state and client counts (no auth)', auth: false, ok: HealthResponseSchema },
  { method: 'post', path: '/api/auth/login', summary: 'Local login (never IBKR credentials); rate limited', auth: false, body: LoginRequestSchema, ok: LoginResponseSchema },
  { method: 'post', path: '/api/ibkr/connect', summary: 'Connect to TWS / IB Gateway (username/password accepted and ignored)', body: ConnectRequestSchema, ok: ok({ ...message, connectionStatus: ConnectionStatusSchema }) },
  { method: 'post', path: '/api/ibkr/disconnect', summary: 'Disconnect from TWS', ok: ok(message) },
  { method: 'post', path: '/api/market-data/subscribe', summary: 'Subscribe; ticks are pushed on the WebSocket of the same user', body: SubscribeMarketDataSchema, ok: ok({ subscriptionId: z.string(), symbols: z.array(z.string()) }) },
  { method: 'delete', path: '/api/market-data/subscribe/{id}', summary: 'Unsubscribe (REST or WebSocket subscription id)', params: idParam, ok: ok(message) },
  { method: 'get', path: '/api/market-data/snapshot/{symbol}', summary: 'Current quote of one instrument', params: symbolParam, ok: ok({ quote: QuoteSchema }) },
  { method: 'get', path: '/api/history/{symbol}', summary: 'Historical bars', params: symbolParam, query: z.object({ duration: z.string().optional(), barSize: z.string().optional(), whatToShow: z.string().optional(), useRTH: z.string().optional() }), ok: ok({ symbol: z.string(), duration: z.string(), barSize: z.string(), bars: z.array(BarSchema) }) },
  { method: 'get', path: '/api/contracts/search', summary: 'Contract search (matching symbols)', query: z.object({ q: z.string() }), ok: ok({ contracts: z.array(ContractSearchResultSchema) }) },
  { method: 'post', path: '/api/orders', summary: 'Place an order; Idempotency-Key makes retries safe', body: OrderRequestSchema, headers: z.object({ 'Idempotency-Key': z.string().optional() }), ok: ok({ order: OrderResponseSchema }) },
  { method: 'get', path: '/api/orders', summary: 'Orders of the session', ok: ok({ orders: z.array(OrderSchema) }) },
  { method: 'post', path: '/api/orders/bracket', summary: 'Bracket order: entry + take profit + stop loss (one OCA group)', body: BracketOrderRequestSchema, ok: ok({ orders: z.array(OrderResponseSchema) }) },
  { method: 'post', path: '/api/orders/cancel-all', summary: 'Kill switch: cancel every open order and block new ones', ok: ok({ ...message, cancelled: z.number().int(), tradingBlocked: z.boolean() }) },
  { method: 'put', path: '/api/orders/{id}', summary: 'Modify price, quantity, type or time in force', params: idParam, body: ModifyOrderRequestSchema, ok: ok({ order: OrderResponseSchema }) },
  { method: 'delete', path: '/api/orders/{id}', summary: 'Cancel an order', params: idParam, ok: ok({ ...message, order: OrderResponseSchema }) },
  { method: 'get', path: '/api/executions', summary: 'Executions of the day', ok: ok({ executions: z.array(ExecutionReportSchema) }) },
  { method: 'get', path: '/api/trading/status', summary: 'Kill switch and read-only state', ok: ok(TradingStatusSchema.shape) },
  { method: 'post', path: '/api/trading/enable', summary: 'Re-arm trading after the kill switch', ok: ok({ ...message, ...TradingStatusSchema.shape }) },
  { method: 'get', path: '/api/positions', summary: 'Positions', ok: ok({ positions: z.array(PositionSchema) }) },
  { method: 'get', path: '/api/account', summary: 'Account summary (null when unknown)', ok: ok({ account: AccountSummarySchema.nullable() }) },
  { method: 'get', path: '/api/pnl', summary: 'P&L per account', ok: ok({ pnl: z.array(PnLSchema) }) },
  { method: 'get', path: '/api/connection-health', summary: 'Connection health', ok: ok({ health: ConnectionHealthSchema }) },
  { method: 'get', path: '/api/websocket/clients', summary: 'Connected WebSocket clients', ok: ok({ clients: z.array(WsClientInfoSchema), summary: z.object({ total: z.number(), authenticated: z.number() }) }) },
  { method: 'get', path: '/api/openapi.json', summary: 'This document (no auth)', auth: false, ok: z.object({}).passthrough() },
];

const FAILURES: Record<string, string> = {
  '400': 'Validation error or malformed JSON (message + issues)',
  '401': 'Access token required',
  '403': 'Invalid or expired token, forbidden Host or Origin',
  '404': 'Not found',
  '429': 'Rate limited (Retry-After header)',
  '500': 'Internal server error (no details)',
  '503': 'TWS not connected',
};

/**
 * Async because the generator is loaded on the first request for the document, not at start: it is needed by
 * nobody else, and loading it with the proxy cost every start its time and memory (bench/README.md, start-up).
 */
export async function openApiDocument(version: string): Promise<unknown> {
  const { OpenAPIRegistry, OpenApiGeneratorV3 } = await import('@asteasolutions/zod-to-openapi');
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  // Components are named with zod's own .meta({id}) (zod v4 schemas made before extendZodWithOpenApi cannot
  // take .openapi()), and handed to the generator next to the registry's definitions.
  const components: z.ZodType[] = [];
  const register = <S extends z.ZodType>(id: string, schema: S): S => {
    const named = schema.meta({ id }) as S;
    components.push(named);
    return named;
  };
  const failure = register('Failure', FailureResponseSchema);
  const named: Array<[string, z.ZodType]> = [
    ['OrderRequest', OrderRequestSchema],
    ['Order', OrderSchema],
    ['OrderResponse', OrderResponseSchema],
    ['IBKRPosition', PositionSchema],
    ['ExecutionReport', ExecutionReportSchema],
    ['AccountSummary', AccountSummarySchema],
    ['ConnectionHealth', ConnectionHealthSchema],
    ['Quote', QuoteSchema],
  ];
  for (const [name, schema] of named) register(name, schema);

  for (const r of ROUTES) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {
      '200': { description: 'Success', content: { 'application/json': { schema: r.ok } } },
    };
    for (const [code, description] of Object.entries(FAILURES)) {
      if (r.auth === false && (code === '401' || code === '503')) continue;
      responses[code] = { description, content: { 'application/json': { schema: failure } } };
    }
    registry.registerPath({
      method: r.method,
      path: r.path,
      summary: r.summary,
      ...(r.auth === false ? {} : { security: [{ [bearer.name]: [] }] }),
      request: {
        ...(r.body ? { body: { content: { 'application/json': { schema: r.body } } } } : {}),
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.headers ? { headers: r.headers } : {}),
      },
      responses,
    });
  }

  // WebSocket: every client request and every server message as a component schema.
  const wsRequests: Record<string, { payload: string; reply: string }> = {};
  for (const [type, spec] of Object.entries(WS_REQUESTS)) {
    const name = `WsRequest_${type}`;
    register(
      name,
      z.object({ id: z.union([z.string(), z.number()]), type: z.literal(type), payload: spec.payload, timestamp: z.unknown().optional() }),
    );
    wsRequests[type] = { payload: `#/components/schemas/${name}`, reply: spec.reply };
  }
  const wsMessages: Record<string, string> = {};
  for (const [type, payload] of Object.entries(WS_SERVER_PAYLOADS)) {
    const name = `WsMessage_${type}`;
    register(name, z.object({ id: z.union([z.string(), z.number()]), type: z.literal(type), payload, timestamp: z.string() }));
    wsMessages[type] = `#/components/schemas/${name}`;
  }

  const doc = new OpenApiGeneratorV3([
    ...registry.definitions,
    ...components.map((schema) => ({ type: 'schema' as const, schema })),
  ]).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Edgerunner IBKR Desktop Proxy',
      version,
      description:
        'Local REST + WebSocket API bridging the Edgerunner frontend to Interactive Brokers TWS. ' +
        'REST envelope: {"success": true, ...} or {"success": false, "message"}. ' +
        'WebSocket at ws://127.0.0.1:3001/ws: frames {id, type, payload, timestamp}; direct replies echo the request id. ' +
        'See x-websocket and the WsRequest_* / WsMessage_* schemas, and docs/api.md.',
    },
    servers: [{ url: 'http://127.0.0.1:3001' }],
  });
  return {
    ...doc,
    'x-websocket': {
      path: '/ws',
      authentication: 'send {"type":"authenticate","payload":{"token":"<JWT>"}} first; everything else is refused until then',
      requests: wsRequests,
      messages: wsMessages,
      pushes: ['marketData', 'marketDataBatch', 'orderStatus', 'positionUpdate', 'accountUpdate', 'executionReport', 'connectionStatus', 'tradingStatus', 'error'],
    },
  };
}
