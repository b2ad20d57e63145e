/**
 * electron-updater's events folded into the UpdateStatus the tray and the window show. Pure reducer.
 */
import type { UpdateStatus } from '../../common/ipc.js';

export type UpdaterEvent =
  | { type: 'checking'; at: string }
  | { type: 'available'; version: string }
  | { type: 'not-available'; at: string }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string; at: string }
  | { type: 'next-check'; at: string | null };

export function initialUpdateStatus(currentVersion: string, disabledReason: string | null): UpdateStatus {
  return {
    state: disabledReason ? 'disabled' : 'idle',
    currentVersion,
    availableVersion: null,
    percent: null,
    message: disabledReason,
    lastCheckedAt: null,
    nextCheckAt: null,
  };
}

export function reduceUpdateStatus(s: UpdateStatus, e: UpdaterEvent): UpdateStatus {
  if (s.state === 'disabled') return s;
  switch (e.type) {
    case 'checking':
      // A periodic check must not hide an update that is already waiting to be installed.
      return s.state === 'downloaded' ? s : { ...s, state: 'checking', message: null };
    case 'available':
      return { ...s, state: 'downloading', availableVersion: e.version, percent: 0, message: null };
    case 'not-available':
      return s.state === 'downloaded' ? { ...s, lastCheckedAt: e.at } : { ...s, state: 'not-available', percent: null, lastCheckedAt: e.at, message: null };
    case 'progress':
      return { ...s, state: 'downloading', percent: Math.max(0, Math.min(100, e.percent)) };
    case 'downloaded':
      return { ...s, state: 'downloaded', availableVersion: e.version, percent: 100, message: null };
    case 'error':
      // A failed re-check keeps an already downloaded update installable.
      return s.state === 'downloaded' ? { ...s, lastCheckedAt: e.at } : { ...s, state: 'error', percent: null, message: e.message, lastCheckedAt: e.at };
    case 'next-check':
      return { ...s, nextCheckAt: e.at };
  }
}

/** Why auto-update cannot work in this process, or null when it can. */
export function updatesDisabledReason(opts: { isPackaged: boolean; hasUpdateConfig: boolean; platform: NodeJS.Platform; isAppImage: boolean }): string | null {
  if (!opts.isPackaged) return 'Updates work only in the installed app (this is a development build).';
  if (!opts.hasUpdateConfig) return 'This build has no update feed configured (app-update.yml is missing).';
  // electron-updater updates Linux only as an AppImage; a .deb is updated by the system package manager.
  if (opts.platform === 'linux' && !opts.isAppImage) return 'Installed from a .deb package: update it with your package manager.';
  return null;
}
