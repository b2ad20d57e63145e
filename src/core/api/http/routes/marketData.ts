/**
 * Market data over REST: subscribe / unsubscribe (delivery happens on the WebSocket of the same user), snapshot,
 * historical bars and contract search.
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import {
  ContractSearchQuerySchema,
  HistoryQuerySchema,
  SubscribeMarketDataSchema,
  SubscriptionIdSchema,
} from '../../../../common/apiMessages.js';
import { SymbolSchema } from '../../../../common/contract.js';
import { ApiError } from '../../errors.js';
import { body, param, query, userOf } from '../middleware.js';
import type { RouteDeps } from './deps.js';

export function marketDataRoutes(d: RouteDeps, auth: RequestHandler): Router {
  const r = Router();

  r.post('/api/market-data/subscribe', auth, async (req, res) => {
    const sub = await d.subscriptions.subscribe({ kind: 'user', userId: userOf(res).userId }, body(SubscribeMarketDataSchema, req));
    res.json({ success: true, subscriptionId: sub.id, symbols: sub.symbols });
  });

  r.delete('/api/market-data/subscribe/:id', auth, (req, res) => {
    const id = param(SubscriptionIdSchema, req.params.id);
    const sub = d.subscriptions.get(id);
    const user = userOf(res).userId;
    // A user may drop its REST subscriptions and those of its own WebSocket clients.
    const mine = sub && (sub.owner.kind === 'user' ? sub.owner.userId === user : sub.owner.client.userId === user);
    if (!mine) throw new ApiError(404, 'subscription_not_found', `No subscription with id ${id}`);
    d.subscriptions.remove(id);
    res.json({ success: true, message: `Unsubscribed ${id}` });
  });

  r.get('/api/market-data/snapshot/:symbol', auth, async (req, res) => {
    const symbol = param(SymbolSchema, req.params.symbol);
    res.json({ success: true, quote: await d.gateway.snapshot({ symbol }) });
  });

  r.get('/api/history/:symbol', auth, async (req, res) => {
    const symbol = param(SymbolSchema, req.params.symbol);
    const q = query(HistoryQuerySchema, req);
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

  r.get('/api/contracts/search', auth, async (req, res) => {
    const { q } = query(ContractSearchQuerySchema, req);
    res.json({ success: true, contracts: await d.gateway.searchContracts(q) });
  });

  return r;
}
