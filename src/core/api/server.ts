/**
 * createApiServer: one HTTP (or HTTPS) server carrying the express REST API and the WebSocket hub (path /ws), plus
 * a WebSocket-only one when WS_PORT is set (listeners.ts), wired to the gateway, the auth service and the app's order
 * desk (src/core/orders: journal, idempotency, fair turns), which it uses but does not own. ProxyApp
 * (src/core/app.ts) calls this; so do the tests.
 */
import type http from 'node:http';
import type { WsClientInfo } from '../../common/apiMessages.js';
import type { ConsoleHost } from '../console/consoleHost.js';
import { isAllowedHost, isAllowedOrigin, ownOrigin } from '../security/index.js';
import { createHttpApp } from './http/app.js';
import { openApiDocument } from './openapi.js';
import type { ApiAuth, ApiGateway, ApiLogger, ApiMode, ApiSettings, LaunchLogin } from './ports.js';
import { SubscriptionRegistry } from './subscriptions.js';
import { ApiListeners, type ListenInfo } from './listeners.js';
import { cachingAuth } from './tokenCache.js';
import { WebSocketHub } from './ws/hub.js';
import type { HubStats } from './ws/hub.js';
import type { OutboundLimits } from './ws/outbound.js';
import type { OrderService } from '../orders/orderService.js';

export interface ApiServerDeps {
  gateway: ApiGateway;
  auth: ApiAuth;
  settings: ApiSettings;
  logger: ApiLogger;
  /** The app's order desk: REST and WebSocket place, modify and cancel through it. */
  orders: OrderService;
  mode: ApiMode;
  version: string;
  /** The web console's view of the host: headless / demo (HeadlessConsole) or the desktop app. */
  console: ConsoleHost;
  /** Redeems the banner's one-time console link; without it every code is refused. */
  launch?: LaunchLogin;
  /** The built console (dist-renderer) served on `/`; null or absent: `/` says it is not built. */
  consoleDir?: string | null;
  /** Tuning of the per-client outbound path (tests and benchmarks); defaults suit a trading UI. */
  outbound?: Partial<OutboundLimits>;
}

export interface ApiServerStats extends HubStats {
  connectedClients: number;
  authenticatedClients: number;
  subscriptions: number;
  /** Sum of every client's socket buffer right now (bytes): what slow clients cost in memory. */
  bufferedBytes: number;
  conflatingClients: number;
  conflatedKeys: number;
}

export interface ApiServer {
  listen(): Promise<ListenInfo>;
  /** Re-reads the TLS certificate and key (SIGHUP); false when TLS is off. Throws ConfigError on a bad file. */
  reloadTls(): boolean;
  /** Closes WebSocket clients with 1001, releases market-data lines, closes the HTTP server. */
  close(): Promise<void>;
  clients(): WsClientInfo[];
  disconnectClient(id: string): boolean;
  stats(): ApiServerStats;
  readonly httpServer: http.Server;
}

export function createApiServer(deps: ApiServerDeps): ApiServer {
  const { gateway, settings, logger, orders } = deps;
  // Every REST request and WebSocket authentication verifies through this cache; revocation still empties it at once.
  const auth = cachingAuth(deps.auth);
  const s = settings.server;

  let hub: WebSocketHub | null = null;
  const subscriptions = new SubscriptionRegistry(gateway, () => (hub ? hub.allClients() : []));
  hub = new WebSocketHub({
    gateway,
    auth,
    logger,
    subscriptions,
    guards: {
      // Upgrades arrive on the API port and on WS_PORT alike (listeners.ts hands them to one hub).
      isAllowedHost: (host) => isAllowedHost(host, listeners.ports(), s.allowedHosts),
      isAllowedOrigin: (origin, host, secure) => isAllowedOrigin(origin, s.corsOrigins, ownOrigin(host, secure)),
    },
    console: deps.console,
    handlerDeps: { gateway, orders, subscriptions, settings },
    heartbeatIntervalMs: s.wsHeartbeatIntervalMs,
    maxConnections: s.maxConnections,
    maxPayload: s.wsMaxPayload ?? 64 * 1024,
    rateLimitPerSecond: s.wsRateLimitPerSecond ?? 50,
    maxInFlight: s.wsMaxInFlight ?? 16,
    authTimeoutMs: s.wsAuthTimeoutMs ?? 10_000,
    ...(deps.outbound ? { outbound: deps.outbound } : {}),
  });
  const theHub = hub;

  let openapi: Promise<unknown> | null = null;
  const app = createHttpApp(
    {
      gateway,
      auth,
      orders,
      subscriptions,
      hub: theHub,
      settings,
      logger,
      mode: deps.mode,
      version: deps.version,
      openapi: () => (openapi ??= openApiDocument(deps.version)),
      console: deps.console,
      launch: deps.launch ?? (async () => null),
      consoleDir: deps.consoleDir ?? null,
    },
    () => listeners.apiPort(),
  );

  const listeners = new ApiListeners(app, s, logger);
  const httpServer = listeners.main;
  theHub.attach(httpServer);

  let closed = false;
  return {
    httpServer,
    async listen() {
      const info = await listeners.listen();
      const [scheme, wsScheme] = info.secure ? ['https', 'wss'] : ['http', 'ws'];
      const at = (port: number) => `${s.host.includes(':') ? `[${s.host}]` : s.host}:${port}`;
      const wsAlso = info.wsPort === undefined ? '' : ` and ${wsScheme}://${at(info.wsPort)}/ws`;
      logger.info(`API listening on ${scheme}://${at(info.port)} (WebSocket ${wsScheme}://${at(info.port)}/ws${wsAlso})`);
      return info;
    },
    reloadTls: () => listeners.reloadTls(),
    async close() {
      if (closed) return;
      closed = true;
      auth.dispose();
      await theHub.close();
      subscriptions.clear();
      await listeners.close();
    },
    clients: () => theHub.list(),
    disconnectClient: (id) => theHub.disconnect(id),
    stats() {
      let bufferedBytes = 0;
      let conflatingClients = 0;
      let conflatedKeys = 0;
      for (const c of theHub.allClients()) {
        bufferedBytes += c.ws.bufferedAmount;
        if (c.outbound.conflating) conflatingClients++;
        conflatedKeys += c.outbound.conflatedKeys;
      }
      return {
        ...theHub.counters,
        ...theHub.counts(),
        subscriptions: subscriptions.size,
        bufferedBytes,
        conflatingClients,
        conflatedKeys,
      };
    },
  };
}
