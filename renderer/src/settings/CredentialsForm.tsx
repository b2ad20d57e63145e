/**
 * A username and password of one's own instead of the generated access token. Main checks the payload with the
 * same rules as the core and answers with a sentence, which is shown as is.
 */
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api';

export function CredentialsForm({ defaultUsername, onChanged }: { defaultUsername: string; onChanged: () => void }) {
  const [username, setUsername] = useState(defaultUsername);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat !== '' && repeat !== password;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await api().setCredentials(username, password);
      if (r.ok) {
        setDone(`Login changed to ${username}. Every client was signed out and must log in with the new password.`);
        setPassword('');
        setRepeat('');
        onChanged();
      } else setError(r.error);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="credentials" onSubmit={(e) => void submit(e)} aria-labelledby="credentials-title">
      <h3 id="credentials-title">Use my own username and password</h3>
      <p className="hint">Replaces the access token; every connected frontend is signed out.</p>
      <div className="field">
        <label htmlFor="cred-username">Username</label>
        <input id="cred-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="cred-password">Password (at least 8 characters)</label>
        <input id="cred-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </div>
      <div className={`field ${mismatch ? 'field-invalid' : ''}`}>
        <label htmlFor="cred-repeat">Repeat the password</label>
        <input
          id="cred-repeat"
          type="password"
          autoComplete="new-password"
          value={repeat}
          aria-invalid={mismatch || undefined}
          aria-describedby={mismatch ? 'cred-repeat-error' : undefined}
          onChange={(e) => setRepeat(e.target.value)}
          required
        />
        {mismatch ? (
          <p id="cred-repeat-error" className="field-error" role="alert">
            The two passwords differ.
          </p>
        ) : null}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <button type="submit" disabled={busy || mismatch || password === ''}>
        Set username and password
      </button>
    </form>
  );
}
