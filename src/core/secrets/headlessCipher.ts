/**
 * The cipher headless mode uses: AES-256-GCM keyed by ENCRYPTION_KEY, or by a key generated once into
 * DATA_DIR/encryption.key when ENCRYPTION_KEY is not set (the log says where, so nobody is surprised).
 */
import type { Logger } from '../logging/logger.js';
import { AesGcmCipher } from './aesGcmCipher.js';
import { loadOrCreateEncryptionKey } from './encryptionKeyFile.js';

export function createHeadlessCipher(opts: { encryptionKey?: string; dataDir: string; logger: Logger }): AesGcmCipher {
  const { encryptionKey, dataDir, logger } = opts;
  if (encryptionKey) {
    logger.addSecret(encryptionKey);
    return new AesGcmCipher(encryptionKey);
  }
  const result = loadOrCreateEncryptionKey(dataDir);
  logger.addSecret(result.key);
  if (result.generated) {
    logger.warn(
      `ENCRYPTION_KEY is not set: generated a random key in ${result.path} (owner-only permissions) to encrypt stored secrets. Back it up with DATA_DIR, or set ENCRYPTION_KEY.`,
    );
  } else {
    logger.info(`Secrets are encrypted with the key in ${result.path}.`);
    if (result.looselyPermitted) logger.warn(`${result.path} is readable by other users; run: chmod 600 "${result.path}"`);
  }
  return new AesGcmCipher(result.key);
}
