/** What the route modules share. */
import type { OrderService } from '../../../orders/orderService.js';
import type { ApiAuth, ApiGateway, ApiLogger, ApiMode, ApiSettings } from '../../ports.js';
import type { SubscriptionRegistry } from '../../subscriptions.js';
import type { WebSocketHub } from '../../ws/hub.js';

export interface RouteDeps {
  gateway: ApiGateway;
  auth: ApiAuth;
  orders: OrderService;
  subscriptions: SubscriptionRegistry;
  hub: WebSocketHub;
  settings: ApiSettings;
  logger: ApiLogger;
  mode: ApiMode;
  version: string;
  /** The OpenAPI document, made on the first request. */
  openapi: () => Promise<unknown>;
}
