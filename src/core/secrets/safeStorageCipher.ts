/**
 * SecretCipher over Electron's safeStorage, written against its shape only (no `electron` import: src/core stays
 * plain Node). The desktop main process passes `safeStorage` in: `createSafeStorageCipher(safeStorage)`.
 *
 * On Linux without a keyring, safeStorage "works" with the `basic_text` backend, which is a fixed, public key:
 * encryption in name only. That counts as unavailable here, so the secret store refuses to write and the
 * settings window can say so instead of pretending.
 */
import { SecretDecryptError, type SecretCipher } from './secretCipher.js';

/** The part of Electron's `safeStorage` this adapter uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

export const SAFE_STORAGE_KIND = 'electron-safe-storage';

export function createSafeStorageCipher(safeStorage: SafeStorageLike): SecretCipher & { unavailableReason(): string | null } {
  const unavailableReason = (): string | null => {
    if (!safeStorage.isEncryptionAvailable()) return 'the operating system offers no encryption for this app';
    const backend = safeStorage.getSelectedStorageBackend?.();
    if (backend === 'basic_text') return 'no keyring is available (Electron fell back to basic_text, which is not encryption)';
    return null;
  };
  return {
    kind: SAFE_STORAGE_KIND,
    isAvailable: () => unavailableReason() === null,
    unavailableReason,
    encrypt: (plain) => `v1.${safeStorage.encryptString(plain).toString('base64')}`,
    decrypt: (text) => {
      if (!text.startsWith('v1.')) throw new SecretDecryptError('The encrypted value is not in the safeStorage v1 format.');
      try {
        return safeStorage.decryptString(Buffer.from(text.slice(3), 'base64'));
      } catch {
        throw new SecretDecryptError('The encrypted value could not be decrypted by the OS keychain (another user or machine?).');
      }
    },
  };
}
