/** POST /api/auth/login: the local login (never IBKR credentials). */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { API_ROUTES } from '../../../../common/apiRoutes.js';
import { mount } from '../mount.js';
import { body } from '../middleware.js';
import type { RouteDeps } from './deps.js';

export function authRoutes(d: RouteDeps, loginLimiter: RequestHandler): Router {
  const r = Router();
  mount(r, API_ROUTES.login, loginLimiter, async (req, res) => {
    const { username, password } = body(API_ROUTES.login.body, req);
    const result = await d.auth.login(username, password);
    if (!result) {
      res.status(401).json({ success: false, message: 'Invalid username or password' });
      return;
    }
    res.json({
      success: true,
      token: result.token,
      accessToken: result.token,
      expiresIn: result.expiresIn,
      user: result.user,
    });
  });
  return r;
}
