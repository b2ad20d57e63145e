/**
 * The tray menu as data: a pure function of the tray state. trayController.ts turns it into an Electron Menu
 * and routes each `action` to the shell; everything a user can see in the menu is decided (and tested) here.
 */
import type { TrayState } from './trayState.js';
import { modeWords, phaseWords } from './trayState.js';

export type TrayAction =
  | 'connect'
  | 'disconnect'
  | 'mode-live'
  | 'mode-paper'
  | 'open-monitor'
  | 'open-settings'
  | 'copy-token'
  | 'kill-switch-on'
  | 'kill-switch-off'
  | 'toggle-start-at-login'
  | 'check-updates'
  | 'restart-to-update'
  | 'open-logs'
  | 'quit';

export type MenuItemModel =
  | { kind: 'separator' }
  /** Information only (rendered disabled). */
  | { kind: 'label'; label: string }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox' | 'radio'; label: string; action: TrayAction; checked: boolean; enabled: boolean };

const SEP: MenuItemModel = { kind: 'separator' };

function statusLines(s: TrayState): MenuItemModel[] {
  const account = s.account ? ` · ${s.account}` : '';
  const clients = s.connectedClients === 1 ? '1 client connected' : `${s.connectedClients} clients connected`;
  const lines: MenuItemModel[] = [
    { kind: 'label', label: phaseWords(s.session, s.connection) },
    { kind: 'label', label: `${modeWords(s.mode)}${account}` },
    { kind: 'label', label: clients },
  ];
  if (s.tradingBlocked) lines.push({ kind: 'label', label: '⛔ Trading blocked' });
  return lines;
}

function connectItem(s: TrayState): MenuItemModel {
  // While connecting or reconnecting, "Disconnect" is how a user stops the retry loop.
  return s.connection === 'disconnected' || s.connection === 'error'
    ? { kind: 'action', label: 'Connect', action: 'connect', enabled: true }
    : { kind: 'action', label: 'Disconnect', action: 'disconnect', enabled: true };
}

function modeItems(s: TrayState): MenuItemModel[] {
  // Demo runs against the simulator: there is no live or paper account to switch to.
  const enabled = s.mode !== 'demo';
  return [
    { kind: 'radio', label: 'Live trading', action: 'mode-live', checked: s.mode === 'live', enabled },
    { kind: 'radio', label: 'Paper trading', action: 'mode-paper', checked: s.mode === 'paper', enabled },
  ];
}

function updateItem(s: TrayState): MenuItemModel {
  switch (s.update) {
    case 'downloaded':
      return { kind: 'action', label: `Restart to update${s.availableVersion ? ` to ${s.availableVersion}` : ''}`, action: 'restart-to-update', enabled: true };
    case 'checking':
      return { kind: 'action', label: 'Checking for updates…', action: 'check-updates', enabled: false };
    case 'available':
    case 'downloading':
      return {
        kind: 'action',
        label: s.updatePercent === null ? 'Downloading update…' : `Downloading update… ${Math.floor(s.updatePercent)}%`,
        action: 'check-updates',
        enabled: false,
      };
    case 'disabled':
      return { kind: 'action', label: 'Updates are off in this build', action: 'check-updates', enabled: false };
    default:
      return { kind: 'action', label: 'Check for updates', action: 'check-updates', enabled: true };
  }
}

export function buildTrayMenuModel(s: TrayState): MenuItemModel[] {
  return [
    ...statusLines(s),
    SEP,
    connectItem(s),
    ...modeItems(s),
    SEP,
    { kind: 'action', label: 'Open monitor', action: 'open-monitor', enabled: true },
    { kind: 'action', label: 'Settings…', action: 'open-settings', enabled: true },
    { kind: 'action', label: 'Copy access token', action: 'copy-token', enabled: true },
    SEP,
    s.tradingBlocked
      ? { kind: 'action', label: 'Re-enable trading', action: 'kill-switch-off', enabled: true }
      : { kind: 'action', label: 'Cancel all orders and block trading', action: 'kill-switch-on', enabled: true },
    SEP,
    {
      kind: 'checkbox',
      label: s.startAtLoginSupported ? 'Start at login' : 'Start at login (not available on this system)',
      action: 'toggle-start-at-login',
      checked: s.startAtLoginSupported && s.startAtLogin,
      enabled: s.startAtLoginSupported,
    },
    updateItem(s),
    { kind: 'action', label: 'Open logs folder', action: 'open-logs', enabled: true },
    SEP,
    { kind: 'action', label: 'Quit Edgerunner IBKR Proxy', action: 'quit', enabled: true },
  ];
}

/** Switching to live trades real money: the shell asks before doing it from a one-click tray item. */
export function modeSwitchNeedsConfirmation(from: TrayState['mode'], to: 'live' | 'paper'): boolean {
  return to === 'live' && from !== 'live';
}
