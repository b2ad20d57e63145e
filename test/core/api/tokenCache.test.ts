/**
 * The verified-token cache in front of REST / WebSocket authentication: hits skip jsonwebtoken, and every way a
 * token stops being valid (secret rotation, login change, expiry) takes effect on the very next request.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { cachingAuth } from '../../../src/core/api/tokenCache.js';
import { AuthService } from '../../../src/core/auth/authService.js';
import { DEFAULT_SETTINGS } from '../../../src/core/config/settingsSchema.js';
import { createSilentLogger } from '../../../src/core/logging/logger.js';
import { AesGcmCipher } from '../../../src/core/secrets/aesGcmCipher.js';
import { SecretStore } from '../../../src/core/secrets/secretStore.js';

/** Behaves like AuthService for what the cache relies on: jwt verification, 'tokensRevoked', currentUsername. */
class FakeAuth extends EventEmitter<{ tokensRevoked: [] }> {
  secret = 'first-secret-0123456789';
  username = 'trader';
  verifications = 0;
  sign(expiresInSec = 3_600, sub = this.username): string {
    return jwt.sign({ username: sub }, this.secret, { algorithm: 'HS256', subject: sub, expiresIn: expiresInSec });
  }
  async login(): Promise<null> {
    return null;
  }
  verifyToken(token: string): { userId: string; username: string } | null {
    this.verifications++;
    try {
      const p = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof p !== 'object' || p.sub !== this.username) return null;
      return { userId: p.sub, username: p.sub };
    } catch {
      return null;
    }
  }
  currentUsername(): string {
    return this.username;
  }
  rotate(): void {
    this.secret = `rotated-${this.secret}`;
    this.emit('tokensRevoked');
  }
}

describe('verified-token cache', () => {
  it('verifies a token once, then answers from the cache', () => {
    const auth = new FakeAuth();
    const cached = cachingAuth(auth);
    const token = auth.sign();
    // The expiry travels with the user: a WebSocket session ends when its token does.
    const expiresAt = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp * 1000;
    for (let i = 0; i < 100; i++) expect(cached.verifyToken(token)).toEqual({ userId: 'trader', username: 'trader', expiresAt });
    expect(auth.verifications).toBe(1);
  });

  it('secret rotation revokes a cached token immediately', () => {
    const auth = new FakeAuth();
    const cached = cachingAuth(auth);
    const token = auth.sign();
    expect(cached.verifyToken(token)).not.toBeNull();
    auth.rotate();
    expect(cached.verifyToken(token)).toBeNull();
    expect(cached.verifyToken(auth.sign())).not.toBeNull();
  });

  it('a token for a login that is no longer current is refused on a hit', () => {
    const auth = new FakeAuth();
    const cached = cachingAuth(auth);
    const token = auth.sign();
    expect(cached.verifyToken(token)).not.toBeNull();
    auth.username = 'someone-else'; // e.g. access token reset with JWT_SECRET fixed: no rotation event
    expect(cached.verifyToken(token)).toBeNull();
  });

  it('never serves a token past its exp, and re-verifies after the TTL', () => {
    const auth = new FakeAuth();
    let t = Date.now();
    const cached = cachingAuth(auth, { ttlMs: 1_000, now: () => t });
    const shortLived = auth.sign(2);
    expect(cached.verifyToken(shortLived)).not.toBeNull();
    t += 900;
    expect(cached.verifyToken(shortLived)).not.toBeNull();
    expect(auth.verifications).toBe(1);
    t += 200; // past the TTL: verified again (jsonwebtoken uses the real clock: still valid)
    expect(cached.verifyToken(shortLived)).not.toBeNull();
    expect(auth.verifications).toBe(2);
    // A long TTL never stretches a token past its exp second: from then on it is verified again each time.
    const exp = (jwt.decode(shortLived) as { exp: number }).exp * 1000;
    let t2 = exp - 1;
    const long = cachingAuth(auth, { ttlMs: 3_600_000, now: () => t2 });
    expect(long.verifyToken(shortLived)).not.toBeNull();
    const before = auth.verifications;
    long.verifyToken(shortLived);
    expect(auth.verifications).toBe(before);
    t2 = exp;
    long.verifyToken(shortLived);
    expect(auth.verifications).toBe(before + 1);
  });

  it('refusals are not cached; an auth without revocation events is not cached at all', () => {
    const auth = new FakeAuth();
    const cached = cachingAuth(auth);
    expect(cached.verifyToken('not.a.token')).toBeNull();
    expect(cached.verifyToken('not.a.token')).toBeNull();
    expect(auth.verifications).toBe(2);

    const plain = { login: auth.login.bind(auth), verifyToken: (tk: string) => auth.verifyToken(tk) };
    const uncached = cachingAuth(plain);
    const token = auth.sign();
    uncached.verifyToken(token);
    uncached.verifyToken(token);
    expect(auth.verifications).toBe(4);
  });

  it('dispose stops listening for revocations', () => {
    const auth = new FakeAuth();
    const cached = cachingAuth(auth);
    expect(auth.listenerCount('tokensRevoked')).toBe(1);
    cached.dispose();
    expect(auth.listenerCount('tokensRevoked')).toBe(0);
  });

  it('with the real AuthService: logging everybody out (a new session epoch, JWT_SECRET fixed) refuses a cached token at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-token-cache-'));
    try {
      const auth = new AuthService({
        secrets: new SecretStore(path.join(dir, 'secrets.json'), new AesGcmCipher('a-long-encryption-key-for-tests')),
        settings: { auth: DEFAULT_SETTINGS.auth },
        logger: createSilentLogger(),
        fixedPassword: 'correct-horse-battery',
        fixedJwtSecret: 'a-fixed-jwt-secret-0123456789-abcdefghij',
      });
      await auth.init();
      const cached = cachingAuth(auth);
      const first = (await auth.login(DEFAULT_SETTINGS.auth.username, 'correct-horse-battery'))!.token;
      expect(cached.verifyToken(first)).not.toBeNull();
      expect(cached.verifyToken(first)).not.toBeNull(); // now from the cache
      auth.revokeAllSessions();
      expect(cached.verifyToken(first)).toBeNull();
      // A token of the new epoch verifies, and the old one stays refused after it was cached.
      const second = (await auth.login(DEFAULT_SETTINGS.auth.username, 'correct-horse-battery'))!.token;
      expect(cached.verifyToken(second)).not.toBeNull();
      expect(cached.verifyToken(first)).toBeNull();
      cached.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
