/**
 * The local login. It never sees IBKR credentials: it decides who may use this proxy's API.
 *
 * Three ways to log in, first match wins:
 *  1. fixed password: AUTH_PASSWORD (env / .env) with AUTH_USERNAME (default "trader"); hashed in memory only.
 *  2. stored password: set with setCredentials() (desktop settings window); its scrypt hash is in the secret store.
 *  3. access token: on first start with neither, a random token is generated, only its hash is stored, and the
 *     plain token is returned once from init() to be printed / shown. It is the password for the configured
 *     username. Only the configured username is accepted: a leaked token alone is not enough to guess a login.
 *
 * Sessions are JWTs (HS256) signed with a random secret that is generated on first start and kept encrypted in
 * the secret store (or JWT_SECRET). rotateSecret() replaces it, which revokes every token at once.
 *
 * Logging everybody out must also work when the secret cannot change (JWT_SECRET) and must survive a restart
 * (`--reset-access-token` runs at start, before anyone could hear an event): so revokeAllSessions() stores a new
 * random *session epoch* in the secret store, every token carries the epoch it was issued in (claim `sep`), and
 * a token from another epoch is refused, now and after every later restart. Until the first revocation there is
 * no epoch, and tokens without the claim (signed by hand with JWT_SECRET, or before this rule) verify as before.
 *
 * jsonwebtoken 9 is handed the secret as a KeyObject, never as the string: given a string it first tries to parse
 * it as a PEM public key (which throws, on every verify: about a fifth of a REST request when profiled) before
 * falling back to a secret key. The KeyObject holds the same bytes as that fallback (the string's UTF-8), so
 * tokens signed before this change, or by anyone holding JWT_SECRET as text, verify the same.
 */
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import jwt from 'jsonwebtoken';
import type { Settings } from '../config/settingsSchema.js';
import { DURATION_RE, USERNAME_RE } from '../config/settingsSchema.js';
import type { Logger } from '../logging/logger.js';
import type { SecretStore } from '../secrets/secretStore.js';
import { createAccessToken } from './accessToken.js';
import { hashPassword, safeEqual, verifyPassword } from './passwordHash.js';

export const SECRET_JWT = 'jwtSecret';
export const SECRET_LOGIN = 'login';
export const SECRET_ACCESS_TOKEN_HASH = 'accessTokenHash';
export const SECRET_ACCESS_TOKEN = 'accessToken';
export const SECRET_SESSION_EPOCH = 'sessionEpoch';

const ISSUER = 'edgerunner-ibkr-proxy';
const AUDIENCE = 'edgerunner-local-api';
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1_024;

export type LoginMode = 'fixed-password' | 'stored-password' | 'access-token';

export interface AuthServiceOptions {
  secrets: SecretStore;
  settings: Pick<Settings, 'auth'>;
  logger: Logger;
  /** AUTH_PASSWORD: fixes the password; never stored. */
  fixedPassword?: string;
  /** JWT_SECRET: fixes the signing secret; rotateSecret() then refuses (change it where it is set). */
  fixedJwtSecret?: string;
  /** Desktop: also keep the generated access token (encrypted) so the window can show it again. */
  keepAccessToken?: boolean;
}

export interface LoginResult {
  token: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  user: { id: string; username: string };
}

export interface VerifiedToken {
  userId: string;
  username: string;
  /** When the token stops being valid (epoch ms, jsonwebtoken's rule: from its `exp` second on). */
  expiresAt?: number;
}

export interface AuthInitResult {
  /** Present only when a new access token was made during this init: show it once, then forget it. */
  generatedAccessToken?: string;
  loginMode: LoginMode;
  username: string;
}

/** A request the auth service refuses, with a sentence fit for the user. */
export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

export function durationToSeconds(text: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw new AuthError(`"${text}" is not a duration such as 30m, 12h or 7d.`);
  const unit = { s: 1, m: 60, h: 3_600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** The HS256 key for a secret: the same bytes jsonwebtoken would use for the string (its UTF-8). */
function signingKey(secret: string): KeyObject {
  return crypto.createSecretKey(Buffer.from(secret, 'utf8'));
}

interface StoredLogin {
  username: string;
  passwordHash: string;
}

export class AuthService extends EventEmitter<{ tokensRevoked: [] }> {
  /** The signing secret as an HS256 key (see the header). */
  private jwtKey: KeyObject | null = null;
  private mode: LoginMode = 'access-token';
  private username: string;
  private passwordHash: string | null = null;
  private readonly expiresInSeconds: number;
  /** The `sep` claim every valid token carries; null until sessions were first revoked (see the header). */
  private sessionEpoch: string | null = null;
  // A real hash of a random string: logins with a wrong username still pay the full scrypt cost.
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly options: AuthServiceOptions) {
    super();
    this.username = options.settings.auth.username;
    if (!DURATION_RE.test(options.settings.auth.jwtExpiresIn)) {
      throw new AuthError(`auth.jwtExpiresIn must be a duration such as 30m, 12h or 7d (got "${options.settings.auth.jwtExpiresIn}").`);
    }
    this.expiresInSeconds = durationToSeconds(options.settings.auth.jwtExpiresIn);
  }

  async init(opts: { resetAccessToken?: boolean } = {}): Promise<AuthInitResult> {
    const { secrets, fixedJwtSecret, fixedPassword, logger } = this.options;
    // An empty JWT_SECRET counts as unset, as an empty stored one does.
    let secret = fixedJwtSecret || secrets.get(SECRET_JWT) || null;
    if (!secret) {
      secret = crypto.randomBytes(48).toString('base64url');
      secrets.set(SECRET_JWT, secret);
      logger.info('Generated a new token-signing secret (stored encrypted).');
    }
    this.jwtKey = signingKey(secret);
    logger.addSecret(secret);
    this.sessionEpoch = secrets.get(SECRET_SESSION_EPOCH) ?? null;
    // Whatever the login mode: the reset promises that no session token issued before it works any more.
    if (opts.resetAccessToken) this.revokeAllSessions();

    if (fixedPassword) {
      if (fixedPassword.length < MIN_PASSWORD) throw new AuthError(`AUTH_PASSWORD must be at least ${MIN_PASSWORD} characters long.`);
      this.mode = 'fixed-password';
      this.username = this.options.settings.auth.username;
      this.passwordHash = await hashPassword(fixedPassword);
      logger.addSecret(fixedPassword);
      return { loginMode: this.mode, username: this.username };
    }

    const stored = this.readStoredLogin();
    if (stored) {
      this.mode = 'stored-password';
      this.username = stored.username;
      this.passwordHash = stored.passwordHash;
      return { loginMode: this.mode, username: this.username };
    }

    this.mode = 'access-token';
    this.username = this.options.settings.auth.username;
    const existing = secrets.get(SECRET_ACCESS_TOKEN_HASH);
    if (existing && !opts.resetAccessToken) {
      this.passwordHash = existing;
      const kept = this.options.keepAccessToken ? secrets.get(SECRET_ACCESS_TOKEN) : undefined;
      if (kept) logger.addSecret(kept);
      return { loginMode: this.mode, username: this.username };
    }
    const token = await this.installNewAccessToken();
    return { generatedAccessToken: token, loginMode: this.mode, username: this.username };
  }

  currentUsername(): string {
    return this.username;
  }

  loginMode(): LoginMode {
    return this.mode;
  }

  /** The access token, when the desktop asked to keep it (keepAccessToken) and access-token mode is active. */
  getAccessToken(): string | null {
    if (this.mode !== 'access-token' || !this.options.keepAccessToken) return null;
    return this.options.secrets.get(SECRET_ACCESS_TOKEN) ?? null;
  }

  async login(username: string, password: string): Promise<LoginResult | null> {
    const key = this.requireInit();
    if (typeof username !== 'string' || typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD) {
      return null;
    }
    const userOk = safeEqual(username, this.username);
    // Always run one scrypt verification so a wrong username costs the same time as a wrong password.
    const hash = userOk && this.passwordHash ? this.passwordHash : await this.getDummyHash();
    const passOk = await verifyPassword(password, hash);
    if (!userOk || !passOk || !this.passwordHash) return null;
    return this.signSession(key);
  }

  /**
   * A session token for the current login, for a caller who proved itself another way than the password: the
   * banner's one-time console link (launchCodes.ts), which only the one reading the proxy's output has.
   */
  issueSessionToken(): LoginResult {
    return this.signSession(this.requireInit());
  }

  private signSession(key: KeyObject): LoginResult {
    const claims = this.sessionEpoch === null ? { username: this.username } : { username: this.username, sep: this.sessionEpoch };
    const token = jwt.sign(claims, key, {
      algorithm: 'HS256',
      subject: this.username,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.expiresInSeconds,
      jwtid: crypto.randomUUID(),
    });
    return { token, expiresIn: this.expiresInSeconds, user: { id: this.username, username: this.username } };
  }

  verifyToken(token: string): VerifiedToken | null {
    const key = this.jwtKey;
    if (!key || typeof token !== 'string' || token.length === 0 || token.length > 4_096) return null;
    try {
      const payload = jwt.verify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string') return null;
      // A token for a username that is no longer the login is not valid any more.
      if (payload.sub !== this.username) return null;
      // Nor one issued before the last revocation of all sessions.
      const sep = (payload as { sep?: unknown }).sep;
      if ((typeof sep === 'string' ? sep : null) !== this.sessionEpoch) return null;
      return { userId: payload.sub, username: payload.sub, ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}) };
    } catch {
      return null;
    }
  }

  /** New signing secret: every token issued so far stops working. Emits 'tokensRevoked' (WS hub closes sessions). */
  async rotateSecret(): Promise<void> {
    this.requireInit();
    if (this.options.fixedJwtSecret) {
      throw new AuthError('JWT_SECRET is set in the environment; change it there and restart to revoke all tokens.');
    }
    const next = crypto.randomBytes(48).toString('base64url');
    this.options.secrets.set(SECRET_JWT, next);
    // Before the event: listeners (the API's verified-token cache) must find the new key already in place.
    this.jwtKey = signingKey(next);
    this.options.logger.addSecret(next);
    this.options.logger.warn('Token-signing secret rotated: every existing session token is revoked.');
    this.emit('tokensRevoked');
  }

  /**
   * Logs everybody out: a new session epoch, stored (so it holds after a restart), and 'tokensRevoked' for the
   * live sessions. Works whatever the signing secret is, JWT_SECRET included.
   */
  revokeAllSessions(): void {
    const epoch = crypto.randomBytes(16).toString('base64url');
    this.options.secrets.set(SECRET_SESSION_EPOCH, epoch);
    // Before the event: listeners (the API's verified-token cache) must find the new epoch already in force.
    this.sessionEpoch = epoch;
    this.options.logger.warn('Every session token is revoked: clients must log in again.');
    this.emit('tokensRevoked');
  }

  /** Sets a login of one's choosing (desktop settings window); drops the access token and revokes all tokens. */
  async setCredentials(username: string, password: string): Promise<void> {
    this.requireInit();
    if (this.options.fixedPassword) {
      throw new AuthError('AUTH_PASSWORD is set in the environment; change the login there.');
    }
    if (!USERNAME_RE.test(username)) {
      throw new AuthError('The username must be 1 to 64 letters, digits, dots, dashes, underscores or @.');
    }
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
      throw new AuthError(`The password must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters long.`);
    }
    const passwordHash = await hashPassword(password);
    const { secrets } = this.options;
    secrets.set(SECRET_LOGIN, JSON.stringify({ username, passwordHash } satisfies StoredLogin));
    secrets.delete(SECRET_ACCESS_TOKEN_HASH);
    secrets.delete(SECRET_ACCESS_TOKEN);
    this.mode = 'stored-password';
    this.username = username;
    this.passwordHash = passwordHash;
    this.options.logger.info(`Login changed to user ${username}.`);
    this.revokeAllSessions();
  }

  /**
   * Back to (or a fresh) access token: forgets a stored password, makes a new token, revokes all sessions.
   * Returns the new token once. Refused when AUTH_PASSWORD fixes the login.
   */
  async resetAccessToken(): Promise<string> {
    this.requireInit();
    if (this.options.fixedPassword) {
      throw new AuthError('AUTH_PASSWORD is set in the environment; the access token is not used.');
    }
    this.options.secrets.delete(SECRET_LOGIN);
    this.mode = 'access-token';
    this.username = this.options.settings.auth.username;
    const token = await this.installNewAccessToken();
    this.revokeAllSessions();
    return token;
  }

  private async installNewAccessToken(): Promise<string> {
    const { token, hash } = await createAccessToken();
    const { secrets, logger } = this.options;
    secrets.set(SECRET_ACCESS_TOKEN_HASH, hash);
    if (this.options.keepAccessToken) secrets.set(SECRET_ACCESS_TOKEN, token);
    else secrets.delete(SECRET_ACCESS_TOKEN);
    this.passwordHash = hash;
    logger.addSecret(token);
    logger.info('Generated a new access token (only its hash is stored).');
    return token;
  }

  private readStoredLogin(): StoredLogin | null {
    const raw = this.options.secrets.get(SECRET_LOGIN);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredLogin>;
      if (typeof parsed.username === 'string' && typeof parsed.passwordHash === 'string') {
        return { username: parsed.username, passwordHash: parsed.passwordHash };
      }
    } catch {
      // fall through
    }
    this.options.logger.warn('The stored login is unreadable; falling back to the access token.');
    return null;
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    return this.dummyHash;
  }

  private requireInit(): KeyObject {
    if (!this.jwtKey) throw new Error('AuthService.init() must complete before use.');
    return this.jwtKey;
  }
}
