/**
 * The signing secret reaches jsonwebtoken as a secret KeyObject, never as a string: with a string, jsonwebtoken 9
 * first tries createPublicKey on it, which throws on every verify (about a fifth of a REST request when profiled).
 * jsonwebtoken is wrapped (not replaced) to see which key it is given; the real sign / verify still run.
 */
import fs from 'node:fs';
import { KeyObject } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type Jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';

const keysSeen = vi.hoisted(() => [] as unknown[]);

vi.mock('jsonwebtoken', async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof Jwt }>()).default;
  const wrapped = {
    ...real,
    sign: (...args: Parameters<typeof real.sign>) => {
      keysSeen.push(args[1]);
      return real.sign(...args);
    },
    verify: (...args: Parameters<typeof real.verify>) => {
      keysSeen.push(args[1]);
      return real.verify(...args);
    },
  };
  return { ...wrapped, default: wrapped };
});

const { default: jwt } = await import('jsonwebtoken');
const { AuthService } = await import('../../../src/core/auth/authService.js');
const { cachingAuth } = await import('../../../src/core/api/tokenCache.js');
const { DEFAULT_SETTINGS } = await import('../../../src/core/config/settingsSchema.js');
const { createSilentLogger } = await import('../../../src/core/logging/logger.js');
const { AesGcmCipher } = await import('../../../src/core/secrets/aesGcmCipher.js');
const { SecretStore } = await import('../../../src/core/secrets/secretStore.js');

const dirs: string[] = [];
afterEach(() => {
  keysSeen.length = 0;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function service(extra: { fixedJwtSecret?: string } = {}) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-jwtkey-'));
  dirs.push(d);
  const auth = new AuthService({
    secrets: new SecretStore(path.join(d, 'secrets.json'), new AesGcmCipher('a-long-encryption-key-for-tests')),
    settings: DEFAULT_SETTINGS,
    logger: createSilentLogger(),
    fixedPassword: 'correct horse battery',
    ...extra,
  });
  await auth.init();
  return auth;
}

async function login(auth: InstanceType<typeof AuthService>): Promise<string> {
  return (await auth.login('trader', 'correct horse battery'))!.token;
}

const CLAIMS = { subject: 'trader', issuer: 'edgerunner-ibkr-proxy', audience: 'edgerunner-local-api' } as const;

describe('AuthService signing key', () => {
  it('sign and verify get a secret KeyObject, never the string', async () => {
    const auth = await service();
    const token = await login(auth);
    expect(auth.verifyToken(token)).toMatchObject({ userId: 'trader', username: 'trader' });
    await auth.rotateSecret();
    expect(auth.verifyToken(token)).toBeNull();
    expect(auth.verifyToken(await login(auth))).not.toBeNull();

    expect(keysSeen.length).toBeGreaterThanOrEqual(5);
    for (const key of keysSeen) {
      expect(key).toBeInstanceOf(KeyObject);
      expect((key as KeyObject).type).toBe('secret');
    }
  });

  it('a token signed with the secret as text (JWT_SECRET, or issued before this change) still verifies', async () => {
    const secret = 's'.repeat(40);
    const auth = await service({ fixedJwtSecret: secret });
    const legacy = jwt.sign({ username: 'trader' }, secret, { ...CLAIMS, algorithm: 'HS256', expiresIn: 60 });
    expect(auth.verifyToken(legacy)).toMatchObject({ userId: 'trader', username: 'trader' });
  });

  it('stays pinned to HS256: the same secret under HS384 / HS512 is refused', async () => {
    const secret = 's'.repeat(40);
    const auth = await service({ fixedJwtSecret: secret });
    for (const algorithm of ['HS384', 'HS512'] as const) {
      expect(auth.verifyToken(jwt.sign({ username: 'trader' }, secret, { ...CLAIMS, algorithm, expiresIn: 60 }))).toBeNull();
    }
  });

  it('rotation revokes at once, also through the API token cache', async () => {
    const auth = await service();
    const cached = cachingAuth(auth);
    const token = await login(auth);
    expect(cached.verifyToken(token)).not.toBeNull();
    expect(cached.verifyToken(token)).not.toBeNull(); // now a cache hit
    await auth.rotateSecret();
    expect(cached.verifyToken(token)).toBeNull();
    const fresh = await login(auth);
    expect(cached.verifyToken(fresh)).toMatchObject({ userId: 'trader', username: 'trader' });
    cached.dispose();
  });
});
