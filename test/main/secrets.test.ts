import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretStore, SecretStoreError } from '../../src/core/secrets/index.js';
import { SafeStorageCipher, secretStorageStatus, type SafeStorageLike } from '../../src/main/secrets/safeStorageCipher.js';

/** Behaves like safeStorage: opaque bytes that only this "user" can turn back into text. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string; key?: number } = {}): SafeStorageLike & { calls: number } {
  const key = opts.key ?? 0x5a;
  return {
    calls: 0,
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString(plain) {
      this.calls++;
      return Buffer.concat([Buffer.from([key]), Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ key))]);
    },
    decryptString(buf) {
      if (buf[0] !== key) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(buf.subarray(1).map((b) => b ^ key)).toString('utf8');
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
}

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'er-secrets-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('safeStorage secret cipher with the core secret store', () => {
  it('round-trips a secret through the file, and the file never holds it in clear', () => {
    const file = path.join(dir, 'secrets.json');
    const store = new SecretStore(file, new SafeStorageCipher(fakeSafeStorage(), 'linux'));
    store.set('jwtSecret', 'super-secret-signing-key-123');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('super-secret-signing-key-123');
    expect(JSON.parse(text)).toMatchObject({ cipher: 'electron-safe-storage' });
    const again = new SecretStore(file, new SafeStorageCipher(fakeSafeStorage(), 'linux'));
    expect(again.get('jwtSecret')).toBe('super-secret-signing-key-123');
  });

  it('fails loudly (not with garbage) when another user\'s keychain wrote the file', () => {
    const file = path.join(dir, 'secrets.json');
    new SecretStore(file, new SafeStorageCipher(fakeSafeStorage({ key: 1 }), 'darwin')).set('login', 'hash');
    expect(() => new SecretStore(file, new SafeStorageCipher(fakeSafeStorage({ key: 2 }), 'darwin')).get('login')).toThrow(SecretStoreError);
  });

  it('refuses to store secrets when Linux has no keyring (basic_text), without calling encrypt', () => {
    const safe = fakeSafeStorage({ backend: 'basic_text' });
    const store = new SecretStore(path.join(dir, 'secrets.json'), new SafeStorageCipher(safe, 'linux'));
    expect(() => store.set('jwtSecret', 'x'.repeat(32))).toThrow(/not available on this system, and secrets are never kept in plain text/);
    expect(safe.calls).toBe(0);
    expect(fs.existsSync(path.join(dir, 'secrets.json'))).toBe(false);
  });

  it('refuses when encryption is unavailable at all', () => {
    const cipher = new SafeStorageCipher(fakeSafeStorage({ available: false }), 'win32');
    expect(cipher.isAvailable()).toBe(false);
    expect(() => cipher.encrypt('x')).toThrow(/cannot encrypt/);
  });
});

describe('secret storage status (what the settings window shows)', () => {
  it('is fine on a keychain / DPAPI / libsecret system', () => {
    expect(secretStorageStatus(fakeSafeStorage(), 'darwin')).toEqual({ available: true, backend: 'keychain', warning: null });
    expect(secretStorageStatus(fakeSafeStorage(), 'win32')).toEqual({ available: true, backend: 'dpapi', warning: null });
    expect(secretStorageStatus(fakeSafeStorage({ backend: 'kwallet5' }), 'linux')).toEqual({ available: true, backend: 'kwallet5', warning: null });
  });

  it('says plainly when Linux falls back to basic_text', () => {
    const s = secretStorageStatus(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(s).toMatchObject({ available: false, backend: 'basic_text' });
    expect(s.warning).toMatch(/No system keyring was found/);
  });

  it('says so when encryption is unavailable', () => {
    expect(secretStorageStatus(fakeSafeStorage({ available: false }), 'win32')).toMatchObject({ available: false, warning: expect.stringMatching(/not available/) });
  });
});

describe('desktop cipher choice', () => {
  it('uses the keychain when it works', async () => {
    const { chooseDesktopCipher } = await import('../../src/main/secrets/desktopCipher.js');
    const keychain = new SafeStorageCipher(fakeSafeStorage(), 'darwin');
    const choice = chooseDesktopCipher(keychain, keychain.status(), path.join(dir, 'secrets.json'));
    expect(choice).toMatchObject({ cipher: keychain, sessionOnly: false });
  });

  it('without a keyring: session-only secrets, unreadable after restart, stale session file replaced, never plain text', async () => {
    const { chooseDesktopCipher, SESSION_CIPHER_KIND } = await import('../../src/main/secrets/desktopCipher.js');
    const keychain = new SafeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    const file = path.join(dir, 'secrets.json');
    const first = chooseDesktopCipher(keychain, keychain.status(), file);
    expect(first.sessionOnly).toBe(true);
    expect(first.status.warning).toMatch(/keyring/);
    new SecretStore(file, first.cipher).set('accessToken', 'token-value-1234567890');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('token-value-1234567890');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).cipher).toBe(SESSION_CIPHER_KIND);
    // Next start: the old session file is dropped, a new session starts cleanly.
    const second = chooseDesktopCipher(keychain, keychain.status(), file);
    expect(fs.existsSync(file)).toBe(false);
    const store = new SecretStore(file, second.cipher);
    expect(store.get('accessToken')).toBeUndefined();
  });

  it('never deletes secrets the keychain wrote, even when the keychain is unavailable now', async () => {
    const { chooseDesktopCipher } = await import('../../src/main/secrets/desktopCipher.js');
    const file = path.join(dir, 'secrets.json');
    new SecretStore(file, new SafeStorageCipher(fakeSafeStorage(), 'linux')).set('jwtSecret', 'k'.repeat(40));
    const locked = new SafeStorageCipher(fakeSafeStorage({ available: false }), 'linux');
    chooseDesktopCipher(locked, locked.status(), file);
    expect(fs.existsSync(file)).toBe(true);
  });
});
