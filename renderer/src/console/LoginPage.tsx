/**
 * The web console's login: the proxy's own local login (never IBKR credentials). With the generated access token
 * the username is "trader" unless configured otherwise and the password is the token the banner printed; with
 * AUTH_PASSWORD or credentials of one's own, those. A refusal shows the server's sentence as it is.
 */
import { useId, useState, type FormEvent } from 'react';

export interface LoginPageProps {
  /** Resolves when logged in; rejects with the server's sentence. */
  onLogin(username: string, password: string): Promise<void>;
  /** Why the login page is shown (signed out, a launch link that did not work...), or null. */
  notice: string | null;
  busy?: boolean;
}

export function LoginPage({ onLogin, notice, busy = false }: LoginPageProps) {
  const [username, setUsername] = useState('trader');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const userId = useId();
  const passwordId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSending(true);
    try {
      await onLogin(username.trim(), password);
    } catch (x) {
      setError(x instanceof Error ? x.message : String(x));
    } finally {
      setSending(false);
    }
  }

  return (
    <main className="login" aria-labelledby="login-title">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-busy={busy || sending}>
        <h1 id="login-title">Edgerunner IBKR Proxy</h1>
        <p className="muted">Web console: the monitor and settings of this proxy.</p>
        {notice ? (
          <p className="notice" role="status" data-testid="login-notice">
            {notice}
          </p>
        ) : null}
        <label htmlFor={userId}>Username</label>
        <input id={userId} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <label htmlFor={passwordId}>Access token or password</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          spellCheck={false}
        />
        <p className="hint">
          The access token is the one printed in the proxy&apos;s start-up banner (lost it? start the proxy with --reset-access-token). The banner&apos;s
          one-time console link logs you in without typing it.
        </p>
        {error ? (
          <p className="error-text" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy || sending}>
          {sending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
