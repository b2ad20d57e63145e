/**
 * Settings → the gateway service's options. Kept apart so the mapping (one place where a settings key meets
 * the gateway) is visible and testable without starting anything.
 */
import type { Settings } from '../config/settingsSchema.js';
import type { GatewayLogger, GatewayOptions } from '../gateway/types.js';

export function gatewayOptionsFromSettings(settings: Settings, logger: GatewayLogger): GatewayOptions {
  const { ibkr } = settings;
  return {
    profiles: { live: { ...ibkr.live }, paper: { ...ibkr.paper } },
    mode: ibkr.mode,
    connectTimeoutMs: ibkr.connectTimeoutMs,
    reconnect: { initialDelayMs: ibkr.reconnect.initialDelayMs, maxDelayMs: ibkr.reconnect.maxDelayMs },
    heartbeatIntervalMs: ibkr.heartbeatIntervalMs,
    heartbeatTimeoutMs: ibkr.heartbeatTimeoutMs,
    marketDataLineBudget: settings.marketData.lineBudget,
    maxReqPerSec: ibkr.maxReqPerSec,
    readOnly: settings.trading.readOnly,
    session: {
      dailyRestart: ibkr.session.dailyRestart === '' ? null : ibkr.session.dailyRestart,
      timeZone: ibkr.session.timeZone,
      restartMinutes: ibkr.session.restartMinutes,
      weeklyLoginDay: ibkr.session.weeklyLogin ? 0 : null,
      clientIdRange: ibkr.session.clientIdRange,
    },
    ...(settings.trading.riskChecks ? { defaultRiskChecks: settings.trading.riskChecks } : {}),
    logger,
  };
}
