import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../../src/core/secrets/aesGcmCipher.js';
import { loadOrCreateEncryptionKey } from '../../../src/core/secrets/encryptionKeyFile.js';
import type { SecretCipher } from '../../../src/core/secrets/secretCipher.js';
import { SecretStore, SecretStoreError } from '../../../src/core/secrets/secretStore.js';

const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-secrets-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const KEY = 'a-long-encryption-key-for-tests';
const SECRET = 'very-secret-jwt-signing-value-0123456789';

describe('AesGcmCipher', () => {
  it('round-trips and never produces the same ciphertext twice', () => {
    const c = new AesGcmCipher(KEY);
    const a = c.encrypt(SECRET);
    const b = c.encrypt(SECRET);
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(c.decrypt(a)).toBe(SECRET);
    // A second instance (next process start) with the same key reads it.
    expect(new AesGcmCipher(KEY).decrypt(a)).toBe(SECRET);
  });

  it('refuses a wrong key and altered data instead of returning garbage', () => {
    const sealed = new AesGcmCipher(KEY).encrypt(SECRET);
    expect(() => new AesGcmCipher('another-long-encryption-key').decrypt(sealed)).toThrow(/wrong ENCRYPTION_KEY or altered/);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => new AesGcmCipher(KEY).decrypt(parts.join('.'))).toThrow(/could not be decrypted/);
    expect(() => new AesGcmCipher(KEY).decrypt('plain text')).toThrow(/format/);
  });
});

describe('SecretStore', () => {
  it('keeps secrets encrypted at rest: the file never contains a plain value', () => {
    const file = path.join(tmpDir(), 'secrets.json');
    const store = new SecretStore(file, new AesGcmCipher(KEY));
    store.set('jwtSecret', SECRET);
    store.set('ibkrCredentials', JSON.stringify({ username: 'ibuser', password: 'ib-pass-123' }));
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('ib-pass-123');
    expect(raw).not.toContain('ibuser');
    expect(JSON.parse(raw)).toMatchObject({ format: 'edgerunner-secrets', version: 1, cipher: 'aes-256-gcm' });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const reopened = new SecretStore(file, new AesGcmCipher(KEY));
    expect(reopened.get('jwtSecret')).toBe(SECRET);
    expect(reopened.names().sort()).toEqual(['ibkrCredentials', 'jwtSecret']);
    expect(reopened.delete('jwtSecret')).toBe(true);
    expect(new SecretStore(file, new AesGcmCipher(KEY)).get('jwtSecret')).toBeUndefined();
  });

  it('writes atomically: no temp files are left behind', () => {
    const dir = tmpDir();
    const store = new SecretStore(path.join(dir, 'secrets.json'), new AesGcmCipher(KEY));
    for (let i = 0; i < 5; i++) store.set(`s${i}`, `value-${i}`);
    expect(fs.readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('refuses to write (or read) when the cipher is unavailable, rather than storing plain text', () => {
    const file = path.join(tmpDir(), 'secrets.json');
    const unavailable: SecretCipher = {
      kind: 'electron-safe-storage',
      isAvailable: () => false,
      encrypt: (s) => s,
      decrypt: (s) => s,
    };
    const store = new SecretStore(file, unavailable);
    expect(() => store.set('jwtSecret', SECRET)).toThrow(SecretStoreError);
    expect(() => store.set('jwtSecret', SECRET)).toThrow(/not available.*never kept in plain text/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('explains a wrong key, a different cipher and a damaged file in one sentence', () => {
    const file = path.join(tmpDir(), 'secrets.json');
    new SecretStore(file, new AesGcmCipher(KEY)).set('jwtSecret', SECRET);
    expect(() => new SecretStore(file, new AesGcmCipher('wrong-but-long-enough-key')).get('jwtSecret')).toThrow(/could not be decrypted; restore the encryption key/);
    const other: SecretCipher = { kind: 'other', isAvailable: () => true, encrypt: (s) => s, decrypt: (s) => s };
    expect(() => new SecretStore(file, other).get('jwtSecret')).toThrow(/encrypted with aes-256-gcm, not other/);
    fs.writeFileSync(file, '{not json');
    expect(() => new SecretStore(file, new AesGcmCipher(KEY)).get('jwtSecret')).toThrow(/damaged; delete it/);
  });
});

describe('loadOrCreateEncryptionKey', () => {
  it('generates a key once with owner-only permissions, then reuses it', () => {
    const dir = path.join(tmpDir(), 'data');
    const first = loadOrCreateEncryptionKey(dir);
    expect(first.generated).toBe(true);
    expect(first.key.length).toBeGreaterThanOrEqual(32);
    if (process.platform !== 'win32') expect(fs.statSync(first.path).mode & 0o777).toBe(0o600);
    const second = loadOrCreateEncryptionKey(dir);
    expect(second).toMatchObject({ generated: false, key: first.key, looselyPermitted: false });
  });
});
