import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSafeStorageCipher, type SafeStorageLike } from '../../../src/core/secrets/safeStorageCipher.js';
import { SecretStore } from '../../../src/core/secrets/secretStore.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Stands in for Electron's safeStorage: a real cipher with a key the "OS" holds. */
function fakeSafeStorage(backend?: string, available = true): SafeStorageLike {
  const key = crypto.randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(buf) {
      const d = crypto.createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  };
}

function storeFile(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-safe-'));
  dirs.push(d);
  return path.join(d, 'secrets.json');
}

describe('safeStorage cipher (desktop)', () => {
  it('stores secrets through the OS keychain, never in plain text', () => {
    const file = storeFile();
    const store = new SecretStore(file, createSafeStorageCipher(fakeSafeStorage('gnome_libsecret')));
    store.set('jwtSecret', 'signing-secret-value');
    expect(store.get('jwtSecret')).toBe('signing-secret-value');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('signing-secret-value');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).cipher).toBe('electron-safe-storage');
  });

  it('Linux basic_text fallback counts as unavailable: the store refuses and says why', () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage('basic_text'));
    expect(cipher.isAvailable()).toBe(false);
    expect(cipher.unavailableReason()).toMatch(/basic_text/);
    const file = storeFile();
    expect(() => new SecretStore(file, cipher).set('jwtSecret', 'x')).toThrow(/not available/);
    expect(fs.existsSync(file)).toBe(false);
    expect(createSafeStorageCipher(fakeSafeStorage(undefined, false)).isAvailable()).toBe(false);
  });

  it('a keychain that cannot decrypt (another user) is a clear error', () => {
    const file = storeFile();
    new SecretStore(file, createSafeStorageCipher(fakeSafeStorage())).set('jwtSecret', 'v');
    expect(() => new SecretStore(file, createSafeStorageCipher(fakeSafeStorage())).get('jwtSecret')).toThrow(/could not be decrypted/);
  });
});
