/**
 * AES-256-GCM with a key derived from ENCRYPTION_KEY by scrypt. Format (versioned so the scheme can change
 * without breaking old files):
 *
 *   v1.<salt>.<iv>.<tag>.<ciphertext>     every part base64url; salt 16 bytes, iv 12 bytes, tag 16 bytes
 *
 * The salt is per cipher instance rather than per record: one scrypt run at startup (about 50 ms) instead of
 * one per secret, and decrypting an old record derives its key once and caches it. GCM's tag makes any bit
 * flip or a wrong key fail loudly instead of returning garbage.
 */
import crypto from 'node:crypto';
import { SecretDecryptError, type SecretCipher } from './secretCipher.js';

const VERSION = 'v1';
const AAD = Buffer.from('edgerunner-ibkr-proxy secret v1');
// N = 2^15 is the OWASP-recommended minimum for scrypt; it needs 32 MiB, above Node's default maxmem.
const SCRYPT = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export class AesGcmCipher implements SecretCipher {
  readonly kind = 'aes-256-gcm';
  private readonly keys = new Map<string, Buffer>();
  private readonly salt = crypto.randomBytes(16);

  constructor(private readonly passphrase: string) {
    if (passphrase.length < 16) throw new Error('ENCRYPTION_KEY must be at least 16 characters long.');
  }

  isAvailable(): boolean {
    return true;
  }

  private keyFor(salt: Buffer): Buffer {
    const id = salt.toString('base64url');
    let key = this.keys.get(id);
    if (!key) {
      key = crypto.scryptSync(this.passphrase, salt, 32, SCRYPT);
      this.keys.set(id, key);
    }
    return key;
  }

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.keyFor(this.salt), iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [this.salt, iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return [VERSION, ...parts].join('.');
  }

  decrypt(text: string): string {
    const [version, salt, iv, tag, body, ...rest] = text.split('.');
    if (version !== VERSION || salt === undefined || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
      throw new SecretDecryptError('The encrypted value is not in the aes-256-gcm v1 format.');
    }
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.keyFor(Buffer.from(salt, 'base64url')), Buffer.from(iv, 'base64url'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptError('The encrypted value could not be decrypted: wrong ENCRYPTION_KEY or altered data.');
    }
  }
}
