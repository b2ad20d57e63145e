/** POST /api/auth/login: the local login (never IBKR credentials). */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { LoginRequestSchema } from '../../../../common/apiMessages.js';
import { body } from '../middleware.js';
import type { RouteDeps } from './deps.js';

export function authRoutes(d: RouteDeps, loginLimiter: RequestHandler): Router {
  const r = Router();
  r.post('/api/auth/login', loginLimiter, async (req, res) => {
    const { username, password } = body(LoginRequestSchema, req);
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
