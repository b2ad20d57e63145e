import { useEffect, useState } from 'react';
import type { SecretStorageStatus } from '../../../src/common/ipc';
import { api } from '../api';

/** Says plainly where secrets go, and warns when the OS offers no real encryption (Linux without a keyring). */
export function SecretStorageNotice() {
  const [s, setS] = useState<SecretStorageStatus | null>(null);
  useEffect(() => {
    api().getSecretStorageStatus().then(setS).catch(() => undefined);
  }, []);
  if (!s) return null;
  if (!s.available)
    return (
      <p className="banner banner-warn" role="alert">
        {s.warning ?? 'Secrets cannot be encrypted on this system.'}
      </p>
    );
  return <p className="hint">Secrets are encrypted by the operating system ({s.backend}).</p>;
}
