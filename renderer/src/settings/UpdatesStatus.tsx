/** The update state in words, with "Check now" and, once downloaded, "Restart to update". */
import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../src/common/ipc';
import { api, errorText, transportKind } from '../api';
import { formatClock } from '../format';

function words(u: UpdateStatus): string {
  switch (u.state) {
    case 'disabled':
      return `Automatic updates are off here${u.message ? `: ${u.message}` : '.'}`;
    case 'checking':
      return 'Checking for updates…';
    case 'available':
      return `Version ${u.availableVersion ?? '?'} is available.`;
    case 'downloading':
      return `Downloading version ${u.availableVersion ?? '?'} (${Math.round(u.percent ?? 0)}%)…`;
    case 'downloaded':
      return `Version ${u.availableVersion ?? '?'} is ready to install.`;
    case 'not-available':
      return `You have the latest version (${u.currentVersion}).`;
    case 'error':
      return `The last update check failed: ${u.message ?? 'unknown error'}.`;
    default:
      return `Version ${u.currentVersion}.`;
  }
}

export function UpdatesStatus() {
  const [u, setU] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const off = api().onUpdateStatus(setU);
    api().getUpdateStatus().then(setU).catch(() => undefined);
    return off;
  }, []);
  if (!u) return null;
  return (
    <div className="updates-status">
      <p role="status">
        {words(u)} {u.lastCheckedAt ? <span className="muted">Last checked {formatClock(u.lastCheckedAt)}.</span> : null}
      </p>
      <button
        type="button"
        disabled={u.state === 'disabled' || u.state === 'checking' || u.state === 'downloading'}
        onClick={() => api().checkForUpdates().then(setU, (e: unknown) => setError(errorText(e)))}
      >
        Check now
      </button>
      {u.state === 'downloaded' && transportKind() === 'browser' ? (
        // The updater belongs to the desktop app: a page cannot restart it.
        <p className="hint">Install it from the desktop app&apos;s tray (Restart to update).</p>
      ) : null}
      {u.state === 'downloaded' && transportKind() === 'desktop' ? (
        <button type="button" className="primary" onClick={() => void api().restartToUpdate()}>
          Restart to update
        </button>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}
