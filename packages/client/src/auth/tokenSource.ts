/**
 * Where the client's session token comes from, shared by its REST and WebSocket sides (one login serves both):
 *
 *  - `credentials` (username + password, in demo the printed access token): the client logs in itself, again
 *    whenever the token is about to expire or the server refuses it. The usual choice.
 *  - `getToken`: the caller's own function (e.g. an app that keeps the login elsewhere); asked again when a token
 *    is about to expire or was refused.
 *  - `token`: a fixed token. It cannot be renewed: once it expires, calls fail with 403 and the WebSocket gives up.
 */
import { ProxyApiError } from '../errors.js';
import { tokenExpiresAt } from './jwt.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface AuthOptions {
  credentials?: Credentials;
  getToken?: () => Promise<string> | string;
  token?: string;
}

export interface LoginResult {
  token: string;
  /** Seconds, as the login answer gives it. */
  expiresIn: number | string;
}

export type LoginFn = (credentials: Credentials) => Promise<LoginResult>;

interface HeldToken {
  token: string;
  expiresAt: number | undefined;
  /** When the client got it: with expiresAt, the token's lifetime. */
  obtainedAt: number;
}

export class TokenSource {
  private held: HeldToken | null = null;
  private renewing: Promise<HeldToken> | null = null;

  constructor(
    private readonly auth: AuthOptions,
    private readonly login: LoginFn,
    private readonly now: () => number = Date.now,
  ) {
    if (auth.token !== undefined) this.held = this.hold(auth.token);
  }

  /** Whether a refused or expiring token can be replaced by a new one. */
  get canRenew(): boolean {
    return this.auth.credentials !== undefined || this.auth.getToken !== undefined;
  }

  get configured(): boolean {
    return this.canRenew || this.auth.token !== undefined;
  }

  /**
   * A token valid for at least `minValidityMs` more (when it can be renewed), or for a fifth of its lifetime when
   * that is shorter: a server handing out short tokens must not make every call log in. Concurrent callers share
   * one login.
   */
  async token(minValidityMs = 0): Promise<string> {
    const held = this.held;
    if (held && (!this.canRenew || this.validFor(held, minValidityMs))) return held.token;
    if (!this.canRenew) {
      throw new ProxyApiError('No credentials, token or getToken were given to the client: it cannot log in', {
        operation: 'login',
        transport: 'rest',
        status: 401,
        code: 'no_credentials',
      });
    }
    return (await this.renew()).token;
  }

  /**
   * A token that outlasts `current` (for renewing a session before `current` expires): the one held, when another
   * caller renewed it already, else a new login.
   */
  async fresherThan(current: string): Promise<string> {
    const held = this.held;
    const currentExpiry = this.expiresAt(current) ?? 0;
    if (held && held.token !== current && (held.expiresAt === undefined || held.expiresAt > currentExpiry)) return held.token;
    return this.canRenew ? (await this.renew()).token : current;
  }

  /** When `token` expires (epoch ms), when it says. */
  expiresAt(token: string): number | undefined {
    return this.held?.token === token ? this.held.expiresAt : tokenExpiresAt(token);
  }

  /** The server refused `token` (expired, revoked): the next token() call gets a new one. */
  invalidate(token: string): void {
    if (this.held?.token === token && this.canRenew) this.held = null;
  }

  /** Holds the token of a login the caller made itself (the REST client's login()). */
  adopt(result: LoginResult): string {
    this.held = this.hold(result.token, result.expiresIn);
    return result.token;
  }

  private validFor(held: HeldToken, minValidityMs: number): boolean {
    if (held.expiresAt === undefined) return true;
    const lifetime = held.expiresAt - held.obtainedAt;
    return held.expiresAt - this.now() > Math.min(minValidityMs, lifetime / 5);
  }

  private hold(token: string, expiresIn?: number | string): HeldToken {
    const obtainedAt = this.now();
    return { token, obtainedAt, expiresAt: tokenExpiresAt(token) ?? (expiresIn === undefined ? undefined : this.fromExpiresIn(expiresIn)) };
  }

  private renew(): Promise<HeldToken> {
    this.renewing ??= this.fetchToken().then(
      (held) => {
        this.renewing = null;
        this.held = held;
        return held;
      },
      (e: unknown) => {
        this.renewing = null;
        throw e;
      },
    );
    return this.renewing;
  }

  private async fetchToken(): Promise<HeldToken> {
    if (this.auth.credentials) {
      const result = await this.login(this.auth.credentials);
      return this.hold(result.token, result.expiresIn);
    }
    return this.hold(await this.auth.getToken!());
  }

  private fromExpiresIn(expiresIn: number | string): number | undefined {
    const seconds = Number(expiresIn);
    return Number.isFinite(seconds) && seconds > 0 ? this.now() + seconds * 1000 : undefined;
  }
}
