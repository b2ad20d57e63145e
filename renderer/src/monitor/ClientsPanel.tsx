/** Who is using the proxy right now; a client that should not be there can be cut off. */
import { useCallback, useEffect, useState } from 'react';
import type { ClientInfo } from '../../../src/common/ipc';
import { api, errorText } from '../api';
import { Panel } from '../components/Panel';
import { formatClock, formatRelative } from '../format';
import { useNow } from '../hooks/useNow';

/** No push exists for the client list; poll gently, and at once when the client count changes. */
const POLL_MS = 2_000;

export function ClientsPanel({ connectedClients }: { connectedClients: number }) {
  const [clients, setClients] = useState<ClientInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Re-render every 5 s; the text itself uses the current time, so a new client never reads "in 0s".
  const now = useNow(5_000);

  const refresh = useCallback(() => {
    api()
      .listClients()
      .then((c) => {
        setClients(c);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, []);

  useEffect(() => {
    refresh();
    const t = setInterval(refresh, POLL_MS);
    return () => clearInterval(t);
  }, [refresh, connectedClients]);

  async function disconnect(id: string) {
    const r = await api().disconnectClient(id);
    if (!r.ok) setError(r.error);
    refresh();
  }

  return (
    <Panel title={`Clients (${clients.length})`}>
      {error ? <p className="error-text" role="alert">{error}</p> : null}
      {clients.length === 0 ? (
        <p className="empty">No frontend is connected.</p>
      ) : (
        <table className="table" data-testid="clients-table">
          <thead>
            <tr>
              <th scope="col">Origin</th>
              <th scope="col">User</th>
              <th scope="col">Since</th>
              <th scope="col">Subscriptions</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.id}>
                <td>{c.origin ?? <span className="muted">unknown</span>}</td>
                <td>{c.authenticated ? (c.userId ?? 'signed in') : <span className="muted">not signed in</span>}</td>
                <td>
                  {formatClock(c.connectionTime)} <span className="muted">({formatRelative(c.connectionTime, Math.max(now, Date.now()))})</span>
                </td>
                <td>{c.subscriptions.length ? c.subscriptions.join(', ') : <span className="muted">none</span>}</td>
                <td>
                  <button type="button" className="small" aria-label={`Disconnect client ${c.origin ?? c.id}`} onClick={() => void disconnect(c.id)}>
                    Disconnect
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
