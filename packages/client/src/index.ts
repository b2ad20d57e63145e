/**
 * @edgerunner/ibkr-proxy-client: a typed client for the Edgerunner IBKR proxy's REST and WebSocket API.
 * Guide: README.md. Shapes: the proxy's own zod schemas (re-exported below), so client and server agree.
 */
export { ProxyClient, defaultWsUrl } from './client.js';
export type { ProxyClientOptions } from './client.js';
export { ProxyRestClient } from './rest/restClient.js';
export type { OrderId, PlacementOptions, RequestOptions } from './rest/restClient.js';
export { HttpTransport, parseRetryAfter } from './rest/httpTransport.js';
export type { CallOptions, HttpOptions } from './rest/httpTransport.js';
export { REST_ROUTES } from './rest/routes.js';
export type { HttpMethod, RouteName, RouteResponse, RouteSpec } from './rest/routes.js';
export { ProxyWsClient, WS_REQUEST_METHODS } from './ws/wsClient.js';
export type { ProxyWsEvents, WsClientOptions } from './ws/wsClient.js';
export type { DisconnectInfo, WsClientState } from './ws/connection.js';
export { MarketDataSubscription } from './ws/subscription.js';
export type { SubscriptionEvents, SubscriptionState } from './ws/subscription.js';
export { RESEND_AFTER_RECONNECT } from './ws/protocol.js';
export type { WsPushPayload, WsReply, WsRequestPayload, WsRequestType, WsServerPayload } from './ws/protocol.js';
export type { SendLimits } from './ws/sendBudget.js';
export type { CloseEventLike, MessageEventLike, WebSocketConstructor, WebSocketLike } from './ws/socket.js';
export { TokenSource } from './auth/tokenSource.js';
export type { AuthOptions, Credentials, LoginResult } from './auth/tokenSource.js';
export { tokenExpiresAt } from './auth/jwt.js';
export {
  ProxyApiError,
  ProxyClientError,
  ProxyClosedError,
  ProxyConnectionError,
  ProxyProtocolError,
  ProxyTimeoutError,
  isApiError,
} from './errors.js';
export type { ProxyErrorKind, Transport } from './errors.js';
export { newIdempotencyKey } from './idempotency.js';
export type { BackoffOptions } from './backoff.js';
export type { FetchInit, FetchLike, ResponseLike } from './runtime.js';
export * from './shapes.js';
