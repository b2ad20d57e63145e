/**
 * The web console's page: the login until there is a session, then the same App as the desktop window on the
 * browser transport. A `#launch=<code>` in the URL (the banner's one-time link) is exchanged at once and removed
 * from the address bar; a session token from earlier in this tab (sessionStorage) is tried before asking.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../../packages/client/src/index';
import { App } from '../App';
import { installBrowserTransport, uninstallBrowserTransport } from '../api';
import { ConsoleConnection, anonymousClient } from './consoleConnection';
import { LoginPage } from './LoginPage';
import { storeSessionToken, storedSessionToken, takeLaunchCode } from './session';

type Phase = { kind: 'starting' } | { kind: 'login'; notice: string | null } | { kind: 'ready'; connection: ConsoleConnection };

const sentence = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function ConsoleRoot() {
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const began = useRef(false);

  const toLogin = useCallback((notice: string | null) => {
    storeSessionToken(null);
    uninstallBrowserTransport();
    setPhase({ kind: 'login', notice });
  }, []);

  /** A session for `token`; rejects (with the server's sentence) when the proxy refuses it. */
  const begin = useCallback(
    async (token: string) => {
      let connection: ConsoleConnection | null = null;
      connection = new ConsoleConnection(token, (why) => {
        connection?.close();
        toLogin(why);
      });
      try {
        await connection.start();
      } catch (e) {
        connection.close();
        throw e;
      }
      storeSessionToken(token);
      installBrowserTransport(connection.api, {
        ...connection.extras,
        logOut: () => {
          connection?.close();
          toLogin('Logged out.');
        },
      });
      setPhase({ kind: 'ready', connection });
    },
    [toLogin],
  );

  useEffect(() => {
    if (began.current) return;
    began.current = true;
    const code = takeLaunchCode();
    const stored = storedSessionToken();
    if (code) {
      anonymousClient()
        .rest.launch(code)
        .then((r) => begin(r.token))
        // The server's sentence says what happened and what to do (used already, expired: log in instead).
        .catch((e: unknown) => toLogin(sentence(e)));
    } else if (stored) {
      // Refused (expired, signed out, a restarted demo): log in again. Anything else (no answer): say what.
      begin(stored).catch((e: unknown) => toLogin(isApiError(e) ? 'Your earlier session has ended. Log in again.' : sentence(e)));
    } else toLogin(null);
  }, [begin, toLogin]);

  const login = useCallback(
    async (username: string, password: string) => {
      const r = await anonymousClient().rest.login({ username, password });
      await begin(r.token);
    },
    [begin],
  );

  if (phase.kind === 'starting') return <p className="muted center">Opening the console…</p>;
  if (phase.kind === 'login') return <LoginPage onLogin={login} notice={phase.notice} />;
  return <App />;
}
