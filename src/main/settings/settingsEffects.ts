/**
 * What a settings change takes to apply, decided from the old and new values. The API server and the auth
 * service read their settings once, at start, so a change there restarts the proxy core (every frontend
 * reconnects, so the window asks first); TWS options go to the running gateway; the rest is the shell's own.
 */
import type { Settings } from '../../core/config/index.js';

export interface SettingsEffects {
  /** Restart the core (API server + gateway): clients are disconnected and reconnect. */
  restartCore: boolean;
  /** The restart must be confirmed by the user first (the API address changes or sessions end). */
  needsConfirmation: string | null;
  /** TWS options changed: hand them to the running gateway (reconnects if the active profile changed). */
  updateGateway: boolean;
  logLevel: Settings['logging']['level'] | null;
  startAtLogin: boolean | null;
  autoUpdate: boolean | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function settingsEffects(prev: Settings, next: Settings): SettingsEffects {
  const serverChanged = !same(prev.server, next.server);
  const authChanged = !same(prev.auth, next.auth);
  const addressChanged = prev.server.host !== next.server.host || prev.server.port !== next.server.port;
  const restartCore = serverChanged || authChanged;
  let needsConfirmation: string | null = null;
  if (addressChanged) {
    needsConfirmation = `The local API moves to ${next.server.host}:${next.server.port}: the proxy restarts its server and every connected frontend must reconnect to the new address.`;
  } else if (restartCore) {
    needsConfirmation = 'Applying this restarts the local API server: connected frontends are disconnected and reconnect.';
  }
  return {
    restartCore,
    needsConfirmation,
    updateGateway: !restartCore && (!same(prev.ibkr, next.ibkr) || !same(prev.marketData, next.marketData) || !same(prev.trading, next.trading)),
    logLevel: prev.logging.level === next.logging.level ? null : next.logging.level,
    startAtLogin: prev.startup.startAtLogin === next.startup.startAtLogin ? null : next.startup.startAtLogin,
    autoUpdate: prev.updates.autoCheck === next.updates.autoCheck ? null : next.updates.autoCheck,
  };
}
