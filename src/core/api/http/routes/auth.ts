/**
 * POST /api/auth/login: the local login (never IBKR credentials); POST /api/auth/launch: the banner's one-time
 * console link. Both answer with a session token, and share one budget of failed attempts.
 */
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
    res.json(sessionBody(result));
  });
  mount(r, API_ROUTES.launch, loginLimiter, async (req, res) => {
    const { code } = body(API_ROUTES.launch.body, req);
    const result = await d.launch(code);
    if (!result) {
      res.status(401).json({ success: false, message: 'This console link was used already or has expired: log in with the access token instead.' });
      return;
    }
    res.json(sessionBody(result));
  });
  return r;
}

/** The contract's login reply (`accessToken` repeats `token` for the original frontend). */
function sessionBody(result: NonNullable<Awaited<ReturnType<RouteDeps['launch']>>>) {
  return { success: true, token: result.token, accessToken: result.token, expiresIn: result.expiresIn, user: result.user };
}
