/**
 * The core's SecretCipher implemented with Electron's safeStorage (macOS Keychain, Windows DPAPI, Linux
 * libsecret / kwallet). Written against a structural `SafeStorageLike` so tests pass a fake; main.ts passes
 * the real `safeStorage`.
 *
 * On Linux without a keyring safeStorage "works" with the `basic_text` backend, which is a hard-coded key:
 * that is plain text in disguise, so we report the cipher as unavailable and the core store refuses to write.
 */
import type { SecretCipher } from '../../core/secrets/index.js';
import { SecretDecryptError } from '../../core/secrets/index.js';
import type { SecretStorageStatus } from '../../common/ipc.js';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

const PREFIX = 'ss1:';

export function secretStorageStatus(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretStorageStatus {
  const backend = platform === 'linux' && safeStorage.getSelectedStorageBackend ? safeStorage.getSelectedStorageBackend() : platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : 'unknown';
  if (!safeStorage.isEncryptionAvailable()) {
    return {
      available: false,
      backend,
      warning:
        'Encryption is not available on this system, so secrets (sign-in password, saved credentials) cannot be stored; the access token lasts until the app quits.',
    };
  }
  if (backend === 'basic_text' || backend === 'unknown') {
    return {
      available: false,
      backend,
      warning:
        'No system keyring was found (GNOME Keyring / KWallet), so secrets would be stored in plain text; they are not stored at all. Install and unlock a keyring, then restart the app.',
    };
  }
  return { available: true, backend, warning: null };
}

export class SafeStorageCipher implements SecretCipher {
  readonly kind = 'electron-safe-storage';

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  status(): SecretStorageStatus {
    return secretStorageStatus(this.safeStorage, this.platform);
  }

  isAvailable(): boolean {
    return this.status().available;
  }

  encrypt(plain: string): string {
    // The store checks isAvailable() first; checking again here keeps a direct caller from writing plain text.
    if (!this.isAvailable()) throw new Error('safeStorage cannot encrypt on this system.');
    return PREFIX + this.safeStorage.encryptString(plain).toString('base64');
  }

  decrypt(text: string): string {
    if (!text.startsWith(PREFIX)) throw new SecretDecryptError('The value was not written by electron-safe-storage.');
    try {
      return this.safeStorage.decryptString(Buffer.from(text.slice(PREFIX.length), 'base64'));
    } catch {
      throw new SecretDecryptError('The value could not be decrypted with this user\'s keychain (another user or machine?).');
    }
  }
}
