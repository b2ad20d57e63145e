/** Positions, account summary and P&L. */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { API_ROUTES } from '../../../../common/apiRoutes.js';
import { mount } from '../mount.js';
import { pnlList } from '../../views.js';
import type { RouteDeps } from './deps.js';

export function portfolioRoutes(d: RouteDeps, auth: RequestHandler): Router {
  const r = Router();
  mount(r, API_ROUTES.positions, auth, (_req, res) => {
    res.json({ success: true, positions: d.gateway.getPositions() });
  });
  mount(r, API_ROUTES.account, auth, (_req, res) => {
    res.json({ success: true, account: d.gateway.getAccountSummary() ?? null });
  });
  mount(r, API_ROUTES.pnl, auth, (_req, res) => {
    res.json({ success: true, pnl: pnlList(d.gateway.getPnL()) });
  });
  return r;
}
