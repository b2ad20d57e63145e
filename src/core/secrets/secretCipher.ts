/**
 * How secrets are encrypted at rest. Headless mode uses AES-256-GCM keyed by ENCRYPTION_KEY (aesGcmCipher.ts);
 * the desktop app implements the same interface with Electron's safeStorage (OS keychain / DPAPI / libsecret).
 * The secret store depends only on this interface, so it never needs to know which one it has.
 */
export interface SecretCipher {
  /** Short name written next to the ciphertext, e.g. "aes-256-gcm" or "electron-safe-storage". */
  readonly kind: string;
  /**
   * false when this cipher cannot protect anything (e.g. safeStorage falling back to `basic_text` on a Linux
   * desktop without a keyring). The store then refuses to write instead of pretending.
   */
  isAvailable(): boolean;
  /** Returns printable text (base64 or similar) that only this cipher, with the same key, can decrypt. */
  encrypt(plain: string): string;
  /** Throws when the text was not produced by this cipher with this key, or was altered. */
  decrypt(cipher: string): string;
}

/** Thrown by decrypt when the key is wrong or the data was tampered with. */
export class SecretDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}
