import { useEffect, useState } from 'react';
import type { DesktopStatus } from '../../../src/common/ipc';
import { api } from '../api';

/**
 * Main pushes a status only when something visible changes, and deliberately leaves heartbeats and message
 * counters out of that test; a slow poll keeps "last heartbeat" honest without a push per heartbeat.
 */
const REFRESH_MS = 5_000;

/** The latest DesktopStatus: fetched once, kept current by the status push, refreshed every few seconds. */
export function useDesktopStatus(): DesktopStatus | null {
  const [status, setStatus] = useState<DesktopStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = api().onStatus((s) => setStatus(s));
    const fetchStatus = () =>
      api()
        .getStatus()
        .then((s) => live && setStatus(s))
        .catch(() => undefined);
    void fetchStatus();
    const t = setInterval(fetchStatus, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(t);
      off();
    };
  }, []);
  return status;
}
