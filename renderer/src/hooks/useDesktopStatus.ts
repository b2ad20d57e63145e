import { useEffect, useState } from 'react';
import type { ProxyStatus } from '../../../src/common/ipc';
import { api } from '../api';

/**
 * The latest ProxyStatus: fetched once, then kept current by main's status push. Main pushes whenever
 * something visible changes, the last heartbeat included (at most once per heartbeat; see
 * src/main/app/statusChange.ts), so no polling is needed.
 */
export function useDesktopStatus(): ProxyStatus | null {
  const [status, setStatus] = useState<ProxyStatus | null>(null);
  useEffect(() => {
    let live = true;
    let pushed = false;
    const off = api().onStatus((s) => {
      pushed = true;
      setStatus(s);
    });
    api()
      .getStatus()
      // A push that arrived while the fetch was in flight is newer: keep it.
      .then((s) => live && !pushed && setStatus(s))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, []);
  return status;
}
