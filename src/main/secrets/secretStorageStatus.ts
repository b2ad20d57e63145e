/**
 * What the settings window says about secret storage, from the core's safeStorage cipher
 * (src/core/secrets/safeStorageCipher.ts decides availability; basic_text counts as unavailable).
 */
import type { SecretStorageStatus } from '../../common/ipc.js';

/** The part of Electron's safeStorage needed to name the backend. */
export interface BackendProbe {
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

export function storageBackend(safeStorage: BackendProbe, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  return safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
}

export function secretStorageStatus(cipher: { unavailableReason(): string | null }, safeStorage: BackendProbe, platform: NodeJS.Platform): SecretStorageStatus {
  const backend = storageBackend(safeStorage, platform);
  const reason = cipher.unavailableReason();
  if (reason === null) return { available: true, backend, warning: null };
  const fix = backend === 'basic_text' ? ' Install and unlock a keyring (GNOME Keyring or KWallet), then restart the app.' : '';
  return {
    available: false,
    backend,
    warning: `Secrets cannot be encrypted on this system: ${reason}. They are never written to disk: the access token and any password you set last until the app quits.${fix}`,
  };
}
