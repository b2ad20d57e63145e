/**
 * Headless mode without ENCRYPTION_KEY: generate a random key once into DATA_DIR/encryption.key (mode 0600) and
 * reuse it. This protects the secrets file when it is copied or backed up on its own; it does not protect
 * against someone who can read the whole DATA_DIR (docs/security.md says so, and recommends ENCRYPTION_KEY
 * from a secret manager for servers).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureOwnerOnlyDir } from '../security/ownerOnly.js';

export const ENCRYPTION_KEY_FILE = 'encryption.key';

export interface EncryptionKeyResult {
  key: string;
  /** true when the key was created just now (the caller logs where it went). */
  generated: boolean;
  path: string;
  /** true when the existing file is readable by group or others (POSIX only): worth a warning. */
  looselyPermitted: boolean;
}

export function loadOrCreateEncryptionKey(dataDir: string): EncryptionKeyResult {
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE);
  try {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (key.length < 16) throw new Error(`The encryption key file ${file} is too short; restore it or delete it together with secrets.json.`);
    const mode = fs.statSync(file).mode;
    return { key, generated: false, path: file, looselyPermitted: process.platform !== 'win32' && (mode & 0o077) !== 0 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  ensureOwnerOnlyDir(dataDir);
  const key = crypto.randomBytes(32).toString('base64url');
  // 'wx' fails if another process created the file meanwhile, instead of silently replacing its key.
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, generated: true, path: file, looselyPermitted: false };
}
