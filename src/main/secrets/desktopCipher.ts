/**
 * Which cipher the desktop core gets. With a working OS keychain: safeStorage. Without one (Linux with no
 * keyring: basic_text), we neither store secrets in plain text nor refuse to run: the proxy uses SESSION-ONLY
 * secrets, encrypted with a random key that exists only in memory. Nothing on disk can be read back by anyone
 * (including us after a restart): a new access token is made at each start, and the window says why.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AesGcmCipher, type SecretCipher } from '../../core/secrets/index.js';
import type { SecretStorageStatus } from '../../common/ipc.js';

export const SESSION_CIPHER_KIND = 'session-only-aes-256-gcm';

export function createSessionCipher(): SecretCipher {
  const inner = new AesGcmCipher(crypto.randomBytes(32).toString('base64url'));
  return { kind: SESSION_CIPHER_KIND, isAvailable: () => true, encrypt: (p) => inner.encrypt(p), decrypt: (c) => inner.decrypt(c) };
}

/** The cipher kind recorded in an existing secrets file, or null when there is none / it is unreadable. */
function fileCipherKind(secretsFile: string): string | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(secretsFile, 'utf8')) as { cipher?: unknown };
    return typeof parsed.cipher === 'string' ? parsed.cipher : null;
  } catch {
    return null;
  }
}

export interface DesktopCipherChoice {
  cipher: SecretCipher;
  status: SecretStorageStatus;
  sessionOnly: boolean;
}

export function chooseDesktopCipher(keychain: SecretCipher, status: SecretStorageStatus, secretsFile: string): DesktopCipherChoice {
  if (status.available) return { cipher: keychain, status, sessionOnly: false };
  // The previous session's key is gone with that process: its file can never be read again, only block us.
  if (fileCipherKind(secretsFile) === SESSION_CIPHER_KIND) fs.rmSync(secretsFile, { force: true });
  return { cipher: createSessionCipher(), status, sessionOnly: true };
}
