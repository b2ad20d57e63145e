import { useEffect, useState } from 'react';
import type { DesktopStatus } from '../../../src/common/ipc';
import { api } from '../api';

/** The latest DesktopStatus: fetched once, then kept current by the status push. */
export function useDesktopStatus(): DesktopStatus | null {
  const [status, setStatus] = useState<DesktopStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = api().onStatus((s) => setStatus(s));
    api()
      .getStatus()
      .then((s) => live && setStatus((prev) => prev ?? s))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, []);
  return status;
}
