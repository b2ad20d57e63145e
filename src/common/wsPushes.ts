/**
 * The server pushes of the WebSocket API (frames the client did not ask for), as one list: the typed client
 * surfaces each as an event, and its tests check the list against the OpenAPI document's `x-websocket.pushes`.
 */
import type { WS_SERVER_PAYLOADS } from './apiMessages.js';

export const WS_PUSH_TYPES = [
  'marketData',
  'marketDataBatch',
  'orderStatus',
  'positionUpdate',
  'accountUpdate',
  'executionReport',
  'connectionStatus',
  'sessionPhase',
  'tradingStatus',
  'error',
  'consoleStatus',
  'trafficSample',
  'logLine',
] as const satisfies ReadonlyArray<keyof typeof WS_SERVER_PAYLOADS>;
export type WsPushType = (typeof WS_PUSH_TYPES)[number];
