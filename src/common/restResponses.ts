/**
 * The success bodies of the REST routes, one schema per route (the routes in src/core/api/http/routes send exactly
 * these; /health and login have theirs in apiMessages.ts). The typed client (packages/client) decodes every answer
 * with them, so a body that drifts from its schema fails the client's tests against the real server.
 *
 * Runtime-neutral (zod only), like the rest of src/common.
 */
import { z } from 'zod';
import {
  BarSchema,
  ContractSearchResultSchema,
  PnLSchema,
  QuoteSchema,
  TradingStatusSchema,
  WsClientInfoSchema,
} from './apiMessages.js';
import {
  AccessTokenInfoSchema,
  LogLineSchema,
  ProxyStatusSchema,
  SettingsObjectSchema,
  SettingsSnapshotSchema,
  SettingsValidationSchema,
  TrafficSampleSchema,
} from './consoleShapes.js';
import {
  AccountSummarySchema,
  ConnectionHealthSchema,
  ConnectionStatusSchema,
  ExecutionReportSchema,
  IBKRErrorSchema,
  OrderResponseSchema,
  OrderSchema,
  PositionSchema,
} from './contract.js';

/** The contract's flat success envelope: `{"success": true, <namedField>: ...}`, never a `data` wrapper. */
export function successBody<T extends z.ZodRawShape>(shape: T) {
  return z.object({ success: z.literal(true), ...shape });
}

const message = { message: z.string() };

export const ConnectResponseSchema = successBody({ ...message, connectionStatus: ConnectionStatusSchema });
export const MessageResponseSchema = successBody(message);
export const SubscribeResponseSchema = successBody({ subscriptionId: z.string(), symbols: z.array(z.string()) });
export const SnapshotResponseSchema = successBody({ quote: QuoteSchema });
export const HistoryResponseSchema = successBody({
  symbol: z.string(),
  duration: z.string(),
  barSize: z.string(),
  bars: z.array(BarSchema),
});
export const ContractSearchResponseSchema = successBody({ contracts: z.array(ContractSearchResultSchema) });
/** POST /api/orders and PUT /api/orders/:id. */
export const OrderResultResponseSchema = successBody({ order: OrderResponseSchema });
export const CancelOrderResponseSchema = successBody({ ...message, order: OrderResponseSchema });
export const OrdersResponseSchema = successBody({ orders: z.array(OrderSchema) });
export const BracketOrderResponseSchema = successBody({ orders: z.array(OrderResponseSchema) });
export const CancelAllResponseSchema = successBody({ ...message, cancelled: z.number().int(), tradingBlocked: z.boolean() });
export const TradingStatusResponseSchema = successBody(TradingStatusSchema.shape);
export const EnableTradingResponseSchema = successBody({ ...message, ...TradingStatusSchema.shape });
export const ExecutionsResponseSchema = successBody({ executions: z.array(ExecutionReportSchema) });
export const PositionsResponseSchema = successBody({ positions: z.array(PositionSchema) });
export const AccountResponseSchema = successBody({ account: AccountSummarySchema.nullable() });
export const PnLResponseSchema = successBody({ pnl: z.array(PnLSchema) });
export const ConnectionHealthResponseSchema = successBody({ health: ConnectionHealthSchema });
export const WsClientsResponseSchema = successBody({
  clients: z.array(WsClientInfoSchema),
  summary: z.object({ total: z.number(), authenticated: z.number() }),
});

// The web console's admin routes (the same shapes the desktop window gets over IPC, consoleShapes.ts).
export const ConsoleStatusResponseSchema = successBody({ status: ProxyStatusSchema });
export const LogLinesResponseSchema = successBody({ lines: z.array(LogLineSchema) });
export const IbErrorsResponseSchema = successBody({ errors: z.array(IBKRErrorSchema) });
export const TrafficResponseSchema = successBody({ samples: z.array(TrafficSampleSchema) });
export const SettingsResponseSchema = successBody(SettingsSnapshotSchema.shape);
export const SettingsValidationResponseSchema = successBody({ validation: SettingsValidationSchema });
export const SavedSettingsResponseSchema = successBody({ settings: SettingsObjectSchema, restarted: z.array(z.string()) });
export const AccessTokenResponseSchema = successBody({ accessToken: AccessTokenInfoSchema });

/** GET /api/openapi.json: the OpenAPI 3 document (its own standard, not one of ours). */
export const OpenApiDocumentSchema = z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) });
