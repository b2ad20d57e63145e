/** Positions, account summary and P&L. */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { pnlList } from '../../views.js';
import type { RouteDeps } from './deps.js';

export function portfolioRoutes(d: RouteDeps, auth: RequestHandler): Router {
  const r = Router();
  r.get('/api/positions', auth, (_req, res) => {
    res.json({ success: true, positions: d.gateway.getPositions() });
  });
  r.get('/api/account', auth, (_req, res) => {
    res.json({ success: true, account: d.gateway.getAccountSummary() ?? null });
  });
  r.get('/api/pnl', auth, (_req, res) => {
    res.json({ success: true, pnl: pnlList(d.gateway.getPnL()) });
  });
  return r;
}
