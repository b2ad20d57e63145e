/**
 * One logged-in console session: the typed client (packages/client) on this page's own origin, its WebSocket
 * opted in to the console's pushes, and the window's API built on it. The client reconnects by itself (backoff,
 * authenticate again, options restored); the session ends only when the proxy refuses its token (expired, or
 * every client was signed out), and then `ended` says why so the page can go back to the login.
 */
import { ProxyClient, type ProxyClientError, type WsClientState } from '../../../packages/client/src/index';
import type { EdgerunnerDesktopApi } from '../../../src/common/ipc';
import type { BrowserConsole } from '../api';
import { browserTransport } from './browserTransport';
import { storeSessionToken } from './session';

/** The proxy serves the console itself, so the API is this page's origin (and only it, by the CSP). */
export const proxyOrigin = (): string => window.location.origin;

/** A client with no login yet, for the login form and the launch code. */
export const anonymousClient = (): ProxyClient => new ProxyClient({ baseUrl: proxyOrigin() });

export class ConsoleConnection {
  readonly client: ProxyClient;
  readonly api: EdgerunnerDesktopApi;
  readonly extras: BrowserConsole;
  private token: string;
  private lastProblem: string | null = null;
  private closedByUs = false;

  constructor(token: string, ended: (why: string) => void) {
    this.token = token;
    // getToken, not a fixed token: after a rotation the transport swaps in the new session and the client's
    // next login (its WebSocket was signed out with everyone else) takes it.
    this.client = new ProxyClient({ baseUrl: proxyOrigin(), getToken: () => this.token, reconnect: { initialDelayMs: 250, maxDelayMs: 5_000 } });
    this.api = browserTransport(this.client, {
      newSession: (next) => {
        this.token = next;
        storeSessionToken(next);
      },
    });
    const ws = this.client.ws;
    ws.on('clientError', (e: ProxyClientError) => (this.lastProblem = e.message));
    ws.on('state', (state) => {
      if (state === 'closed' && !this.closedByUs) ended(`Your session ended (${this.lastProblem ?? 'the proxy closed it'}). Log in again.`);
    });
    this.extras = {
      linkState: () => ws.state,
      onLinkState: (listener: (state: WsClientState) => void) => ws.on('state', listener),
      logOut: () => this.close(),
    };
  }

  /** Checks the token (a refused one rejects with the server's sentence), then opens the WebSocket. */
  async start(): Promise<void> {
    await this.client.rest.getConsoleStatus();
    await this.client.ws.connect();
    await this.client.ws.setOptions({ consoleEvents: true });
  }

  /**
   * Stops this session's client (the page clears the token from sessionStorage as it goes back to the login). The
   * proxy has no logout route: the token stays valid until it expires (auth.jwtExpiresIn, 12 h by default), but it
   * was only ever in this tab.
   */
  close(): void {
    this.closedByUs = true;
    this.client.close();
  }
}
