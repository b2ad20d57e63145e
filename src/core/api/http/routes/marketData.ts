/**
 * Market data over REST: subscribe / unsubscribe (delivery happens on the WebSocket of the same user), snapshot,
 * historical bars and contract search.
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { API_ROUTES } from '../../../../common/apiRoutes.js';
import { mount } from '../mount.js';
import { SubscriptionIdSchema } from '../../../../common/apiMessages.js';
import { SymbolSchema } from '../../../../common/contract.js';
import { ApiError } from '../../errors.js';
import { body, param, query, userOf } from '../middleware.js';
import type { RouteDeps } from './deps.js';

export function marketDataRoutes(d: RouteDeps, auth: RequestHandler): Router {
  const r = Router();

  mount(r, API_ROUTES.subscribeMarketData, auth, async (req, res) => {
    const sub = await d.subscriptions.subscribe({ kind: 'user', userId: userOf(res).userId }, body(API_ROUTES.subscribeMarketData.body, req));
    res.json({ success: true, subscriptionId: sub.id, symbols: sub.symbols });
  });

  mount(r, API_ROUTES.unsubscribeMarketData, auth, (req, res) => {
    const id = param(SubscriptionIdSchema, req.params.id);
    const sub = d.subscriptions.get(id);
    const user = userOf(res).userId;
    // A user may drop its REST subscriptions and those of its own WebSocket clients.
    const mine = sub && (sub.owner.kind === 'user' ? sub.owner.userId === user : sub.owner.client.userId === user);
    if (!mine) throw new ApiError(404, 'subscription_not_found', `No subscription with id ${id}`);
    d.subscriptions.remove(id);
    res.json({ success: true, message: `Unsubscribed ${id}` });
  });

  mount(r, API_ROUTES.snapshot, auth, async (req, res) => {
    const symbol = param(SymbolSchema, req.params.symbol);
    res.json({ success: true, quote: await d.gateway.snapshot({ symbol }) });
  });

  mount(r, API_ROUTES.history, auth, async (req, res) => {
    const symbol = param(SymbolSchema, req.params.symbol);
    const q = query(API_ROUTES.history.query, req);
    const bars = await d.gateway.getHistoricalBars(
      { symbol },
      {
        duration: q.duration,
        barSize: q.barSize,
        ...(q.whatToShow ? { whatToShow: q.whatToShow } : {}),
        ...(q.useRTH !== undefined ? { useRTH: q.useRTH } : {}),
      },
    );
    res.json({ success: true, symbol, duration: q.duration, barSize: q.barSize, bars });
  });

  mount(r, API_ROUTES.searchContracts, auth, async (req, res) => {
    const { q } = query(API_ROUTES.searchContracts.query, req);
    res.json({ success: true, contracts: await d.gateway.searchContracts(q) });
  });

  return r;
}
