/**
 * The express application: security first (Host, headers, Origin, CORS), then the JSON body parser with the
 * configured limit, then the web console's page and assets, then the routes, then JSON 404 and error handlers.
 * Order matters: a forged Host or a foreign Origin is refused before any body is read, any page is served or any
 * route runs.
 */
import express from 'express';
import type { Express } from 'express';
import {
  apiRateLimit,
  corsMiddleware,
  hostGuard,
  loginRateLimit,
  originGuard,
  securityHeaders,
} from '../../security/index.js';
import { isLoopbackHost } from '../../security/loopback.js';
import { consolePages } from './console.js';
import { errorHandler, jsonBody, notFound, requireAuth } from './middleware.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import type { RouteDeps } from './routes/deps.js';
import { marketDataRoutes } from './routes/marketData.js';
import { orderRoutes } from './routes/orders.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { publicSystemRoutes, systemRoutes } from './routes/system.js';

export function createHttpApp(d: RouteDeps, port: () => number): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const s = d.settings.server;

  app.use(hostGuard(port, s.allowedHosts ?? []));
  // HSTS only for HTTPS served to other machines: on localhost it would pin every local dev server to HTTPS.
  app.use(securityHeaders({ hsts: s.tlsCertFile !== undefined && !isLoopbackHost(s.host) }));
  app.use(originGuard(s.corsOrigins));
  app.use(corsMiddleware(s.corsOrigins));
  app.use(jsonBody({ limit: s.bodyLimit, strict: true }));

  app.use(consolePages(d.consoleDir));
  app.use(publicSystemRoutes(d));
  app.use(authRoutes(d, loginRateLimit({ maxFailures: d.settings.auth?.loginAttemptsPer15Min ?? 10 })));
  app.use('/api', apiRateLimit({ perMinute: s.apiRateLimitPerMinute ?? 1_200 }));

  const auth = requireAuth(d.auth);
  app.use(systemRoutes(d, auth));
  app.use(marketDataRoutes(d, auth));
  app.use(orderRoutes(d, auth));
  app.use(portfolioRoutes(d, auth));
  app.use(adminRoutes(d, auth));

  app.use(notFound);
  app.use(errorHandler(d.logger));
  return app;
}
