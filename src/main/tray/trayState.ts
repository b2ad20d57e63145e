/**
 * The few facts the tray shows, derived from the desktop status and settings. Kept separate from Electron so
 * the menu, the icon and the tooltip are pure functions of this one object and can be unit tested.
 */
import type { ConnectionStatus } from '../../common/contract.js';
import type { DesktopStatus, DisplayMode, UpdateState } from '../../common/ipc.js';

export interface TrayState {
  connection: ConnectionStatus;
  mode: DisplayMode;
  /** First managed account, once connected. */
  account: string | null;
  connectedClients: number;
  tradingBlocked: boolean;
  startAtLogin: boolean;
  /** Electron's login items exist on macOS and Windows only. */
  startAtLoginSupported: boolean;
  update: UpdateState;
  availableVersion: string | null;
  updatePercent: number | null;
}

export type TrayIconState = 'connected' | 'connecting' | 'disconnected' | 'error';

export function trayStateFrom(
  status: DesktopStatus,
  startup: { startAtLogin: boolean },
  platform: NodeJS.Platform,
): TrayState {
  return {
    connection: status.gateway.status,
    mode: status.displayMode,
    account: status.gateway.accounts[0] ?? null,
    connectedClients: status.connectedClients,
    tradingBlocked: status.gateway.tradingBlocked,
    startAtLogin: startup.startAtLogin,
    startAtLoginSupported: platform === 'darwin' || platform === 'win32',
    update: status.update.state,
    availableVersion: status.update.availableVersion,
    updatePercent: status.update.percent,
  };
}

/** Four icons are enough to read at 16 px: reconnecting looks like connecting (it is trying, nothing to do). */
export function trayIconState(connection: ConnectionStatus): TrayIconState {
  switch (connection) {
    case 'connected':
      return 'connected';
    case 'connecting':
    case 'reconnecting':
      return 'connecting';
    case 'error':
      return 'error';
    case 'disconnected':
      return 'disconnected';
  }
}

const CONNECTION_WORDS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  connecting: 'Connecting to TWS…',
  reconnecting: 'Connection lost, reconnecting…',
  disconnected: 'Disconnected',
  error: 'Connection error',
};

const MODE_WORDS: Record<DisplayMode, string> = { live: 'LIVE', paper: 'Paper', demo: 'Demo (simulator)' };

export function connectionWords(connection: ConnectionStatus): string {
  return CONNECTION_WORDS[connection];
}

export function modeWords(mode: DisplayMode): string {
  return MODE_WORDS[mode];
}

/** Hover text: state and account first, because that is the question a trader has when hovering. */
export function trayTooltip(state: TrayState): string {
  const lines = [`Edgerunner IBKR Proxy: ${CONNECTION_WORDS[state.connection]}`];
  lines.push(state.account ? `${MODE_WORDS[state.mode]} · ${state.account}` : MODE_WORDS[state.mode]);
  if (state.tradingBlocked) lines.push('Trading blocked');
  // Windows truncates tray tooltips at 127 characters.
  return lines.join('\n').slice(0, 127);
}
