/**
 * The web console's routes (`/api/admin/*`): what the desktop window asks over IPC, for the same window in a
 * browser. Each answers from the host's ConsoleHost (headless / demo, or the desktop app). What the host's mode
 * does not allow (saving settings headless, the live / paper switch in a demo, the simulator outside a demo) is
 * refused with 409 and the host's own sentence before anything is done; every route needs the session token.
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { API_ROUTES } from '../../../../common/apiRoutes.js';
import { faultSetOffSentence } from '../../../../common/demoFaults.js';
import { AuthError } from '../../../auth/authService.js';
import { FAULTS_ONLY_IN_DEMO } from '../../../console/modeRefusals.js';
import { ApiError } from '../../errors.js';
import { mount } from '../mount.js';
import { body, query } from '../middleware.js';
import type { RouteDeps } from './deps.js';

/** 409 with the host's sentence when its mode does not allow this (null: allowed). */
function refuseUnless(refusal: string | null): void {
  if (refusal !== null) throw new ApiError(409, 'not_in_this_mode', refusal);
}

/** An action the host refused or could not do, with its sentence. */
const refused = (message: string) => new ApiError(409, 'refused', message);

/**
 * The console never sends the stored access token: a session token (12 h) must not be enough to read the
 * credential that lasts until rotated. Rotating shows the new one, once.
 */
const TOKEN_NOT_SENT =
  'The console never shows the stored access token (the desktop app\'s window and tray can); rotate it to get a new one, shown here once.';

export function adminRoutes(d: RouteDeps, auth: RequestHandler): Router {
  const r = Router();
  const host = d.console;

  mount(r, API_ROUTES.consoleStatus, auth, (_req, res) => {
    res.json({ success: true, status: host.status() });
  });

  mount(r, API_ROUTES.todaysOrders, auth, (_req, res) => {
    res.json({ success: true, orders: host.todaysOrders() });
  });

  mount(r, API_ROUTES.recentLogs, auth, (req, res) => {
    const q = query(API_ROUTES.recentLogs.query, req);
    res.json({ success: true, lines: host.recentLogs(q.limit ?? 200, q.level) });
  });

  mount(r, API_ROUTES.recentIbErrors, auth, (req, res) => {
    const q = query(API_ROUTES.recentIbErrors.query, req);
    res.json({ success: true, errors: host.recentErrors(q.limit ?? 50) });
  });

  mount(r, API_ROUTES.trafficHistory, auth, (_req, res) => {
    res.json({ success: true, samples: host.trafficHistory() });
  });

  mount(r, API_ROUTES.connectConfigured, auth, async (_req, res) => {
    const result = await host.connect();
    const g = d.gateway.getStatus();
    const where = `${g.host}:${g.port}`;
    if (result.ok && g.status === 'connected') {
      res.json({ success: true, message: `Connected to TWS at ${where}`, connectionStatus: g.status });
      return;
    }
    const why = result.ok ? g.reason || g.status : result.error;
    res.status(502).json({ success: false, message: `Not connected to TWS at ${where}: ${why}`, code: 'not_connected', connectionStatus: g.status });
  });

  mount(r, API_ROUTES.setTradingMode, auth, async (req, res) => {
    const { mode } = body(API_ROUTES.setTradingMode.body, req);
    refuseUnless(host.status().abilities.modeSwitchRefused);
    const result = await host.setMode(mode);
    if (!result.ok) throw refused(result.error);
    res.json({ success: true, message: `Switched to the ${mode} profile` });
  });

  mount(r, API_ROUTES.getSettings, auth, (_req, res) => {
    res.json({ success: true, ...host.settingsSnapshot() });
  });

  mount(r, API_ROUTES.validateSettings, auth, (req, res) => {
    const { settings } = body(API_ROUTES.validateSettings.body, req);
    res.json({ success: true, validation: host.validateSettings(settings) });
  });

  mount(r, API_ROUTES.saveSettings, auth, async (req, res) => {
    const { settings, confirmServerRestart } = body(API_ROUTES.saveSettings.body, req);
    refuseUnless(host.status().abilities.settingsReadOnly);
    // A restart of this server waits until this answer has left (else the console would see its request fail);
    // 'close' also comes when the caller went away first, so a saved change is always applied.
    const result = await host.saveSettings(settings, confirmServerRestart ?? false, (restart) => (res.closed ? restart() : res.once('close', restart)));
    switch (result.status) {
      case 'saved':
        res.json({ success: true, settings: result.settings, restarted: result.restarted });
        return;
      case 'invalid':
        throw new ApiError(400, 'invalid_settings', `Not saved: ${result.issues.map((i) => i.message).join(' ')}`, result.issues);
      case 'needs-confirmation':
        // Nothing was saved: the same request with confirmServerRestart: true applies it.
        throw new ApiError(409, 'confirmation_required', result.message);
      case 'failed':
        throw new ApiError(500, 'apply_failed', result.error);
    }
  });

  mount(r, API_ROUTES.accessToken, auth, (_req, res) => {
    const info = host.accessToken();
    res.json({ success: true, accessToken: { ...info, token: null, reason: info.token ? TOKEN_NOT_SENT : info.reason } });
  });

  mount(r, API_ROUTES.rotateAccessToken, auth, async (_req, res) => {
    try {
      res.json({ success: true, accessToken: await host.rotateAccessToken() });
    } catch (error) {
      // AUTH_PASSWORD fixes the login: there is no access token to rotate (the sentence says so).
      if (error instanceof AuthError) throw refused(error.message);
      throw error;
    }
  });

  mount(r, API_ROUTES.setCredentials, auth, async (req, res) => {
    const { username, password } = body(API_ROUTES.setCredentials.body, req);
    const result = await host.setCredentials(username, password);
    if (!result.ok) throw refused(result.error);
    res.json({ success: true, message: `Login changed to ${username}; every client was signed out` });
  });

  mount(r, API_ROUTES.simulatorFault, auth, async (req, res) => {
    const { fault } = body(API_ROUTES.simulatorFault.body, req);
    refuseUnless(host.status().abilities.simulatorFaults ? null : FAULTS_ONLY_IN_DEMO);
    const result = await host.simulateFault(fault);
    if (!result.ok) throw refused(result.error);
    res.json({ success: true, message: faultSetOffSentence(fault) });
  });

  return r;
}
