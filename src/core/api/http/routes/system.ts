/**
 * Health, the OpenAPI document, TWS connect / disconnect, connection health, and the WebSocket clients (list,
 * disconnect one).
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { API_ROUTES } from '../../../../common/apiRoutes.js';
import { mount } from '../mount.js';
import { ApiError } from '../../errors.js';
import { body, param } from '../middleware.js';
import type { RouteDeps } from './deps.js';

/** Routes without authentication: /health (the contract's, plus `mode`) and the OpenAPI document. */
export function publicSystemRoutes(d: RouteDeps): Router {
  const r = Router();
  mount(r, API_ROUTES.health, (_req, res) => {
    const s = d.gateway.getStatus();
    const connected = s.status === 'connected';
    res.json({
      status: connected ? 'ok' : 'degraded',
      timestamp: new Date().toISOString(),
      version: d.version,
      mode: d.mode,
      ibkr: { connected, connectionStatus: s.status, marketDataStatus: s.marketDataStatus, phase: s.session.phase, phaseMessage: s.session.message },
      websocket: d.hub.counts(),
    });
  });
  mount(r, API_ROUTES.openapi, async (_req, res) => {
    res.json(await d.openapi());
  });
  return r;
}

export function systemRoutes(d: RouteDeps, auth: RequestHandler): Router {
  const r = Router();

  mount(r, API_ROUTES.connect, auth, async (req, res) => {
    // username / password are accepted for compatibility and ignored: TWS logs in on its own screen.
    const { host, connectionPort, clientId, isPaper } = body(API_ROUTES.connect.body, req);
    const status = await d.gateway.connect({
      ...(host !== undefined ? { host } : {}),
      port: connectionPort,
      clientId,
      mode: isPaper ? 'paper' : 'live',
    });
    const where = `${status.host}:${status.port}`;
    if (status.status === 'connected') {
      res.json({ success: true, message: `Connected to TWS at ${where}`, connectionStatus: status.status });
    } else {
      res.status(502).json({
        success: false,
        message: `Not connected to TWS at ${where}: ${status.reason || status.status}`,
        connectionStatus: status.status,
      });
    }
  });

  mount(r, API_ROUTES.disconnect, auth, async (_req, res) => {
    await d.gateway.disconnect();
    res.json({ success: true, message: 'Disconnected from TWS' });
  });

  mount(r, API_ROUTES.connectionHealth, auth, (_req, res) => {
    res.json({ success: true, health: d.gateway.getHealth() });
  });

  mount(r, API_ROUTES.websocketClients, auth, (_req, res) => {
    const clients = d.hub.list();
    res.json({
      success: true,
      clients,
      summary: { total: clients.length, authenticated: clients.filter((c) => c.authenticated).length },
    });
  });

  mount(r, API_ROUTES.disconnectWebSocketClient, auth, (req, res) => {
    const { id } = param(API_ROUTES.disconnectWebSocketClient.params, req.params);
    if (!d.hub.disconnect(id)) throw new ApiError(404, 'client_not_found', 'That client is no longer connected.');
    res.json({ success: true, message: `Disconnected client ${id}` });
  });

  return r;
}
