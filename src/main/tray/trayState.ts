/**
 * The few facts the tray shows, derived from the desktop status and settings. Kept separate from Electron so
 * the menu, the icon and the tooltip are pure functions of this one object and can be unit tested.
 */
import type { ConnectionStatus, SessionPhase } from '../../common/contract.js';
import type { ProxyStatus, DisplayMode, UpdateState } from '../../common/ipc.js';

export interface TrayState {
  connection: ConnectionStatus;
  /** The TWS session's phase (restarting, waiting for its login …), what the tray says first. */
  session: SessionPhase;
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
  status: ProxyStatus,
  startup: { startAtLogin: boolean },
  platform: NodeJS.Platform,
): TrayState {
  return {
    connection: status.gateway.status,
    session: status.gateway.session,
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

/**
 * Four icons are enough to read at 16 px: reconnecting looks like connecting (it is trying, nothing to do), and so
 * does TWS's daily restart; anything that needs the trader (a login, busy client ids, a competing session) is an
 * error icon even while the socket is up.
 */
export function trayIconState(connection: ConnectionStatus, session?: SessionPhase): TrayIconState {
  if (session?.needsAttention) return 'error';
  if (session?.phase === 'tws-restarting') return 'connecting';
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

/** "21:50" in the machine's own zone: when TWS is expected back, as a trader reads a clock. */
function clockTime(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The phase in a few words (the tray and its tooltip are small; the window has the whole sentence). */
export function phaseWords(session: SessionPhase, connection: ConnectionStatus): string {
  switch (session.phase) {
    case 'tws-restarting':
      return session.expectedBackAt ? `TWS restarting, back by ${clockTime(session.expectedBackAt)}` : 'TWS restarting';
    case 'tws-login-required':
      return 'TWS needs a login';
    case 'tws-unreachable':
      return 'TWS not reachable, retrying…';
    case 'client-id-busy':
      return session.needsAttention ? 'Client ids in use at TWS (326)' : 'Client id in use, trying another…';
    case 'ib-servers-unreachable':
      return "TWS lost IBKR's servers";
    case 'competing-session':
      return 'Market data paused: competing session';
    case 'connected':
      return session.clientId.inUse !== null && session.clientId.inUse !== session.clientId.configured
        ? `Connected (client id ${session.clientId.inUse})`
        : CONNECTION_WORDS.connected;
    default:
      return CONNECTION_WORDS[connection];
  }
}

/** Hover text: state and account first, because that is the question a trader has when hovering. */
export function trayTooltip(state: TrayState): string {
  const lines = [`Edgerunner IBKR Proxy: ${phaseWords(state.session, state.connection)}`];
  lines.push(state.account ? `${MODE_WORDS[state.mode]} · ${state.account}` : MODE_WORDS[state.mode]);
  if (state.tradingBlocked) lines.push('Trading blocked');
  // Windows truncates tray tooltips at 127 characters.
  return lines.join('\n').slice(0, 127);
}
