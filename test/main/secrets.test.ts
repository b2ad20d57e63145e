/**
 * Secrets in the desktop app: the core's safeStorage cipher with the core secret store (round trip, refusal of
 * basic_text), what the settings window is told, and the session-only fallback when there is no keyring.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretStore, SecretStoreError, createSafeStorageCipher, type SafeStorageLike } from '../../src/core/secrets/index.js';
import { SESSION_CIPHER_KIND, chooseDesktopCipher } from '../../src/main/secrets/desktopCipher.js';
import { secretStorageStatus } from '../../src/main/secrets/secretStorageStatus.js';

/** Behaves like safeStorage: opaque bytes that only this "user" can turn back into text. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string; key?: number } = {}): SafeStorageLike & { calls: number } {
  const key = opts.key ?? 0x5a;
  const fake = {
    calls: 0,
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString(plain: string) {
      fake.calls++;
      return Buffer.concat([Buffer.from([key]), Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ key))]);
    },
    decryptString(buf: Buffer) {
      if (buf[0] !== key) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(buf.subarray(1).map((b) => b ^ key)).toString('utf8');
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
  return fake;
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'er-secrets-'));
  file = path.join(dir, 'secrets.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('safeStorage cipher with the core secret store', () => {
  it('round-trips a secret through the file, and the file never holds it in clear', () => {
    new SecretStore(file, createSafeStorageCipher(fakeSafeStorage())).set('jwtSecret', 'super-secret-signing-key-123');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('super-secret-signing-key-123');
    expect(JSON.parse(text)).toMatchObject({ cipher: 'electron-safe-storage' });
    expect(new SecretStore(file, createSafeStorageCipher(fakeSafeStorage())).get('jwtSecret')).toBe('super-secret-signing-key-123');
  });

  it("fails loudly (not with garbage) when another user's keychain wrote the file", () => {
    new SecretStore(file, createSafeStorageCipher(fakeSafeStorage({ key: 1 }))).set('login', 'hash');
    expect(() => new SecretStore(file, createSafeStorageCipher(fakeSafeStorage({ key: 2 }))).get('login')).toThrow(SecretStoreError);
  });

  it('refuses to store secrets when Linux has no keyring (basic_text), without calling encrypt', () => {
    const safe = fakeSafeStorage({ backend: 'basic_text' });
    const store = new SecretStore(file, createSafeStorageCipher(safe));
    expect(() => store.set('jwtSecret', 'x'.repeat(32))).toThrow(/never kept in plain text/);
    expect(safe.calls).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('secret storage status (what the settings window shows)', () => {
  const status = (safe: SafeStorageLike, platform: NodeJS.Platform) => secretStorageStatus(createSafeStorageCipher(safe), safe, platform);

  it('is fine on a keychain / DPAPI / libsecret system, and names the backend', () => {
    expect(status(fakeSafeStorage(), 'darwin')).toEqual({ available: true, backend: 'keychain', warning: null });
    expect(status(fakeSafeStorage(), 'win32')).toEqual({ available: true, backend: 'dpapi', warning: null });
    expect(status(fakeSafeStorage({ backend: 'kwallet5' }), 'linux')).toEqual({ available: true, backend: 'kwallet5', warning: null });
  });

  it('says plainly when Linux falls back to basic_text, and how to fix it', () => {
    const s = status(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(s).toMatchObject({ available: false, backend: 'basic_text' });
    expect(s.warning).toMatch(/never written to disk/);
    expect(s.warning).toMatch(/GNOME Keyring or KWallet/);
  });

  it('says so when encryption is unavailable', () => {
    expect(status(fakeSafeStorage({ available: false }), 'win32')).toMatchObject({ available: false, warning: expect.stringMatching(/cannot be encrypted/) });
  });
});

describe('desktop cipher choice', () => {
  it('uses the keychain when it works', () => {
    const safe = fakeSafeStorage();
    const keychain = createSafeStorageCipher(safe);
    expect(chooseDesktopCipher(keychain, secretStorageStatus(keychain, safe, 'darwin'), file)).toMatchObject({ cipher: keychain, sessionOnly: false });
  });

  it('without a keyring: session-only secrets, never plain text, and a stale session file is replaced at the next start', () => {
    const safe = fakeSafeStorage({ backend: 'basic_text' });
    const keychain = createSafeStorageCipher(safe);
    const first = chooseDesktopCipher(keychain, secretStorageStatus(keychain, safe, 'linux'), file);
    expect(first.sessionOnly).toBe(true);
    new SecretStore(file, first.cipher).set('accessToken', 'token-value-1234567890');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('token-value-1234567890');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).cipher).toBe(SESSION_CIPHER_KIND);
    const second = chooseDesktopCipher(keychain, secretStorageStatus(keychain, safe, 'linux'), file);
    expect(fs.existsSync(file)).toBe(false);
    expect(new SecretStore(file, second.cipher).get('accessToken')).toBeUndefined();
  });

  it('never deletes secrets the keychain wrote, even when the keychain is unavailable now', () => {
    new SecretStore(file, createSafeStorageCipher(fakeSafeStorage())).set('jwtSecret', 'k'.repeat(40));
    const locked = fakeSafeStorage({ available: false });
    const cipher = createSafeStorageCipher(locked);
    chooseDesktopCipher(cipher, secretStorageStatus(cipher, locked, 'linux'), file);
    expect(fs.existsSync(file)).toBe(true);
  });
});
