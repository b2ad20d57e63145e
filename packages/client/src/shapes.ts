/**
 * The one bridge to the server's shapes: every schema and type the client speaks comes from src/common (the zod
 * schemas the server validates and answers with), re-exported here and nowhere re-declared. The build bundles
 * these modules into the package, so the published client stands alone and still cannot drift from the server
 * it was built with.
 */
import type { z } from 'zod';
import type {
  BarSchema,
  ContractSearchResultSchema,
  HealthResponseSchema,
  HistoryQuerySchema,
  LoginResponseSchema,
  PnLSchema,
  QuoteSchema,
  TradingStatusSchema,
  WS_ERROR_CODES,
} from '../../../src/common/apiMessages.js';
import type { LogLevelSchema } from '../../../src/common/consoleShapes.js';
import type { OrderRequestSchema } from '../../../src/common/contract.js';
import type { BracketOrderRequestSchema, ConnectRequestSchema, ModifyOrderRequestSchema, SubscribeMarketDataSchema } from '../../../src/common/apiMessages.js';

export * from '../../../src/common/contract.js';
export * from '../../../src/common/apiMessages.js';
export * from '../../../src/common/restResponses.js';
export * from '../../../src/common/wsPushes.js';
export * from '../../../src/common/consoleShapes.js';
export * from '../../../src/common/demoFaults.js';

// Types the server's modules leave as schemas only: inferred here, never written by hand.
export type Quote = z.infer<typeof QuoteSchema>;
export type Bar = z.infer<typeof BarSchema>;
export type PnL = z.infer<typeof PnLSchema>;
export type ContractSearchResult = z.infer<typeof ContractSearchResultSchema>;
export type TradingStatus = z.infer<typeof TradingStatusSchema>;
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
export type LoginResponse = z.infer<typeof LoginResponseSchema>;
export type LogLevel = z.infer<typeof LogLevelSchema>;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

// What a caller sends: the schemas' input side (fields with a server default, such as timeInForce, are optional).
export type OrderRequestInput = z.input<typeof OrderRequestSchema>;
export type BracketOrderRequestInput = z.input<typeof BracketOrderRequestSchema>;
export type ModifyOrderInput = z.input<typeof ModifyOrderRequestSchema>;
export type SubscribeMarketDataInput = z.input<typeof SubscribeMarketDataSchema>;
export type ConnectInput = z.input<typeof ConnectRequestSchema>;
/** The history query, with useRTH as a boolean (the wire takes the text "true" / "false"). */
export type HistoryOptions = Omit<z.input<typeof HistoryQuerySchema>, 'useRTH'> & { useRTH?: boolean };
