/**
 * Connect / Disconnect and the Live / Paper switch: the same calls as the tray menu. Switching to live asks
 * first, because from then on orders trade real money.
 */
import { useState } from 'react';
import type { ActionResult, ProxyStatus, TradingMode } from '../../../src/common/ipc';
import { api, errorText } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';

export function ConnectionControls({ status }: { status: ProxyStatus }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmLive, setConfirmLive] = useState(false);
  const g = status.gateway;
  const wantsConnection = g.status !== 'disconnected';
  // Where the mode does not allow the switch (demo: the simulator only; headless: IBKR_MODE), the proxy says why.
  const switchRefused = status.abilities.modeSwitchRefused;

  async function run(action: () => Promise<ActionResult>) {
    setBusy(true);
    setError(null);
    try {
      const r = await action();
      if (!r.ok) setError(r.error);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const switchTo = (mode: TradingMode) => {
    if (mode === g.mode) return;
    if (mode === 'live') setConfirmLive(true);
    else void run(() => api().setMode('paper'));
  };

  return (
    <div className="controls">
      {wantsConnection ? (
        <button type="button" onClick={() => void run(() => api().disconnect())} disabled={busy}>
          Disconnect
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => void run(() => api().connect())} disabled={busy}>
          Connect
        </button>
      )}
      <div
        className="segmented"
        role="radiogroup"
        aria-label="Trading mode"
        title={switchRefused ?? undefined}
        aria-describedby={switchRefused ? 'mode-switch-refused' : undefined}
      >
        {(['paper', 'live'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={g.mode === m}
            className={g.mode === m ? `selected mode-${m}` : ''}
            onClick={() => switchTo(m)}
            disabled={busy || switchRefused !== null}
          >
            {m === 'live' ? 'Live' : 'Paper'}
          </button>
        ))}
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirmLive}
        title="Switch to LIVE trading?"
        confirmLabel="Switch to live"
        danger
        onCancel={() => setConfirmLive(false)}
        onConfirm={() => {
          setConfirmLive(false);
          void run(() => api().setMode('live'));
        }}
      >
        <p>
          The proxy reconnects to the live TWS profile set in Settings. Orders sent by any connected frontend will then trade{' '}
          <strong>real money</strong>.
        </p>
      </ConfirmDialog>
    </div>
  );
}
