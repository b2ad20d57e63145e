/**
 * Remembers tokens that verified, so a client polling REST pays jsonwebtoken once per token and half-minute rather
 * than once per request. It was added when jwt.verify was about a fifth of each GET /api/positions (with a string
 * secret jsonwebtoken 9 first tried it as a PEM public key, every time). That cause is fixed (AuthService hands it a
 * KeyObject), and the cache was measured again (issue 16): a verification with the KeyObject still costs ~26 µs
 * (jsonwebtoken's decoding, claim checks and HMAC), a hit ~0.1 µs, and a whole GET /api/positions ~230 µs of CPU:
 * the cache still saves about a tenth of every authenticated REST request, so it stays.
 *
 * Revocation stays immediate:
 *  - rotating the signing secret, and logging everybody out (a new session epoch: the `sep` claim every token
 *    carries, also done by a login change), emit 'tokensRevoked' synchronously, right after the new secret or
 *    epoch is in force; the cache is emptied in that same call, so no request is ever answered from an entry
 *    verified before;
 *  - a token whose username is no longer the login is refused on a hit, as verifyToken would refuse it;
 *  - an entry never outlives the token's own `exp` (same rule as jsonwebtoken: invalid from the exp second on).
 * An auth that cannot tell about revocation (no `on`) is not cached at all. Only successes are cached: a bad
 * token costs a full verification every time, as before. The TTL bounds any revocation path added later that
 * forgets to emit 'tokensRevoked'.
 */
import type { ApiAuth } from './ports.js';

type VerifiedUser = { userId: string; username: string; expiresAt?: number };

interface Entry {
  user: VerifiedUser;
  /** Epoch ms from which the entry must not be used. */
  until: number;
}

export interface TokenCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export interface CachingAuth extends ApiAuth {
  /** Stops listening for revocations (server close). */
  dispose(): void;
}

/** jsonwebtoken's `exp` rule: a token is expired from the second `exp` on. Undefined when there is no exp. */
function expiryMs(token: string): number | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export function cachingAuth(auth: ApiAuth, options: TokenCacheOptions = {}): CachingAuth {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 1_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();
  const revoked = (): void => cache.clear();
  const canCache = typeof auth.on === 'function';
  if (canCache) auth.on!('tokensRevoked', revoked);

  return {
    login: (username, password) => auth.login(username, password),
    verifyToken(token) {
      if (!canCache) return auth.verifyToken(token);
      const hit = cache.get(token);
      if (hit !== undefined) {
        const login = auth.currentUsername?.();
        if (now() < hit.until && (login === undefined || login === hit.user.username)) return { ...hit.user };
        cache.delete(token);
      }
      const verified = auth.verifyToken(token);
      if (!verified) return null;
      // The expiry travels with the user (a WebSocket session ends with its token), read from the token if need be.
      const expiresAt = verified.expiresAt ?? expiryMs(token);
      const user: VerifiedUser = { userId: verified.userId, username: verified.username, ...(expiresAt !== undefined ? { expiresAt } : {}) };
      const t = now();
      const until = Math.min(t + ttlMs, expiresAt ?? t + ttlMs);
      if (until > t) {
        // Oldest first (insertion order): a burst of distinct tokens cannot grow the map without bound.
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
        cache.set(token, { user, until });
      }
      return { ...user };
    },
    dispose() {
      cache.clear();
      if (canCache) auth.off?.('tokensRevoked', revoked);
    },
  };
}
