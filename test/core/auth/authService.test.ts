import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, AuthService } from '../../../src/core/auth/authService.js';
import { hashPassword, verifyPassword } from '../../../src/core/auth/passwordHash.js';
import { DEFAULT_SETTINGS } from '../../../src/core/config/settingsSchema.js';
import { createSilentLogger } from '../../../src/core/logging/logger.js';
import { AesGcmCipher } from '../../../src/core/secrets/aesGcmCipher.js';
import { SecretStore } from '../../../src/core/secrets/secretStore.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const KEY = 'a-long-encryption-key-for-tests';
function storeAt(file?: string): SecretStore {
  if (!file) {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-auth-'));
    dirs.push(d);
    file = path.join(d, 'secrets.json');
  }
  return new SecretStore(file, new AesGcmCipher(KEY));
}
function service(secrets: SecretStore, extra: Partial<ConstructorParameters<typeof AuthService>[0]> = {}, expiresIn = '12h') {
  return new AuthService({
    secrets,
    settings: { auth: { ...DEFAULT_SETTINGS.auth, jwtExpiresIn: expiresIn } },
    logger: createSilentLogger(),
    ...extra,
  });
}

describe('passwordHash', () => {
  it('stores a salted scrypt hash, verifies the right password only', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$999999999$8$1$AA$AA')).toBe(false);
  });
});

describe('AuthService', () => {
  it('first start: generates an access token once, stores only its hash, and accepts it as the password', async () => {
    const secrets = storeAt();
    const auth = service(secrets);
    const init = await auth.init();
    expect(init.loginMode).toBe('access-token');
    expect(init.generatedAccessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = init.generatedAccessToken as string;
    expect(fs.readFileSync(secrets.filePath, 'utf8')).not.toContain(token);
    expect(secrets.get('accessTokenHash')).not.toContain(token);
    expect(secrets.has('accessToken')).toBe(false);

    const ok = await auth.login('trader', token);
    expect(ok).not.toBeNull();
    expect(ok?.user).toEqual({ id: 'trader', username: 'trader' });
    expect(ok?.expiresIn).toBe(12 * 3600);
    expect(auth.verifyToken(ok?.token as string)).toMatchObject({ userId: 'trader', username: 'trader' });

    // Only the configured username, only the right token.
    expect(await auth.login('admin', token)).toBeNull();
    expect(await auth.login('trader', `${token}x`)).toBeNull();
    expect(await auth.login('trader', '')).toBeNull();

    // Second start: same token still works, nothing new is shown.
    const again = service(storeAt(secrets.filePath));
    expect((await again.init()).generatedAccessToken).toBeUndefined();
    expect(await again.login('trader', token)).not.toBeNull();
    // Tokens signed before the restart stay valid (the secret is persisted, encrypted).
    expect(again.verifyToken(ok?.token as string)).not.toBeNull();
  });

  it('AUTH_PASSWORD fixes the login and is never written to disk', async () => {
    const secrets = storeAt();
    const auth = service(secrets, { fixedPassword: 'correct horse battery' });
    const init = await auth.init();
    expect(init).toEqual({ loginMode: 'fixed-password', username: 'trader' });
    expect(await auth.login('trader', 'correct horse battery')).not.toBeNull();
    expect(await auth.login('trader', 'wrong password')).toBeNull();
    expect(secrets.names()).toEqual(['jwtSecret']);
    await expect(auth.setCredentials('bob', 'another password')).rejects.toThrow(AuthError);
  });

  it('refuses forged, tampered, expired and foreign tokens', async () => {
    const auth = service(storeAt(), { fixedPassword: 'correct horse battery' });
    await auth.init();
    const good = (await auth.login('trader', 'correct horse battery'))?.token as string;
    expect(auth.verifyToken(good)).not.toBeNull();

    const forged = jwt.sign({ username: 'trader' }, 'guessed-secret', { subject: 'trader', issuer: 'edgerunner-ibkr-proxy', audience: 'edgerunner-local-api' });
    expect(auth.verifyToken(forged)).toBeNull();
    const [h, p] = good.split('.');
    expect(auth.verifyToken(`${h}.${p}.`)).toBeNull(); // alg "none"-style stripped signature
    const noneToken = jwt.sign({ sub: 'trader' }, '', { algorithm: 'none' });
    expect(auth.verifyToken(noneToken)).toBeNull();
    expect(auth.verifyToken('')).toBeNull();
    expect(auth.verifyToken('not a jwt')).toBeNull();
  });

  it('expired tokens are refused', async () => {
    const auth = service(storeAt(), { fixedPassword: 'correct horse battery', fixedJwtSecret: 's'.repeat(40) });
    await auth.init();
    const expired = jwt.sign({ username: 'trader' }, 's'.repeat(40), {
      subject: 'trader',
      issuer: 'edgerunner-ibkr-proxy',
      audience: 'edgerunner-local-api',
      expiresIn: -10,
    });
    expect(auth.verifyToken(expired)).toBeNull();
  });

  it('rotateSecret revokes every issued token and tells listeners', async () => {
    const auth = service(storeAt(), { fixedPassword: 'correct horse battery' });
    await auth.init();
    const before = (await auth.login('trader', 'correct horse battery'))?.token as string;
    let revoked = 0;
    auth.on('tokensRevoked', () => revoked++);
    await auth.rotateSecret();
    expect(auth.verifyToken(before)).toBeNull();
    expect(revoked).toBe(1);
    const after = (await auth.login('trader', 'correct horse battery'))?.token as string;
    expect(auth.verifyToken(after)).not.toBeNull();
  });

  it('rotateSecret refuses when JWT_SECRET fixes the secret', async () => {
    const auth = service(storeAt(), { fixedJwtSecret: 'j'.repeat(40) });
    await auth.init();
    await expect(auth.rotateSecret()).rejects.toThrow(/JWT_SECRET is set/);
  });

  it('setCredentials replaces the access token, persists across restarts, and revokes old sessions', async () => {
    const secrets = storeAt();
    const auth = service(secrets);
    const token = (await auth.init()).generatedAccessToken as string;
    const old = (await auth.login('trader', token))?.token as string;
    await expect(auth.setCredentials('alice', 'short')).rejects.toThrow(/8 to 1024 characters/);
    await expect(auth.setCredentials('bad name', 'long enough pw')).rejects.toThrow(/username/);
    await auth.setCredentials('alice', 'long enough pw');
    expect(auth.verifyToken(old)).toBeNull();
    expect(await auth.login('trader', token)).toBeNull();
    expect(await auth.login('alice', 'long enough pw')).not.toBeNull();
    expect(fs.readFileSync(secrets.filePath, 'utf8')).not.toContain('long enough pw');

    const restarted = service(storeAt(secrets.filePath));
    expect(await restarted.init()).toEqual({ loginMode: 'stored-password', username: 'alice' });
    expect(restarted.currentUsername()).toBe('alice');
    expect(await restarted.login('alice', 'long enough pw')).not.toBeNull();
  });

  it('desktop mode keeps the access token (encrypted) so the window can show it again; reset makes a new one', async () => {
    const secrets = storeAt();
    const auth = service(secrets, { keepAccessToken: true });
    const token = (await auth.init()).generatedAccessToken as string;
    expect(auth.getAccessToken()).toBe(token);
    expect(fs.readFileSync(secrets.filePath, 'utf8')).not.toContain(token);
    const fresh = await auth.resetAccessToken();
    expect(fresh).not.toBe(token);
    expect(auth.getAccessToken()).toBe(fresh);
    expect(await auth.login('trader', token)).toBeNull();
    expect(await auth.login('trader', fresh)).not.toBeNull();
  });

  it('the generated token never appears in the logs', async () => {
    const logger = createSilentLogger();
    const auth = new AuthService({ secrets: storeAt(), settings: DEFAULT_SETTINGS, logger });
    const token = (await auth.init()).generatedAccessToken as string;
    logger.info(`someone pasted ${token} into a log line`);
    const all = JSON.stringify(logger.getRecentLogs(100));
    expect(all).not.toContain(token);
  });
});
