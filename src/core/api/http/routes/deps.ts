/** What the route modules share. */
import type { ConsoleHost } from '../../../console/consoleHost.js';
import type { OrderService } from '../../../orders/orderService.js';
import type { ApiAuth, ApiGateway, ApiLogger, ApiMode, ApiSettings, LaunchLogin } from '../../ports.js';
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
  /** The web console's view of the host (headless, demo or desktop). */
  console: ConsoleHost;
  /** Redeems the banner's one-time console link. */
  launch: LaunchLogin;
  /** The built console (dist-renderer); null: not served, and `/` says why. */
  consoleDir: string | null;
}
