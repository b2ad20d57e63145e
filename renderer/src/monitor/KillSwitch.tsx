/**
 * The kill switch: cancel every open order and refuse new ones. Always behind a confirmation, because it
 * cancels working orders at the broker and cannot be undone (re-enabling does not restore them).
 */
import { useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';

export function KillSwitch({ blocked, busy, onActivate }: { blocked: boolean; busy: boolean; onActivate: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (blocked) return null;
  return (
    <>
      <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={busy}>
        Cancel all orders and block trading
      </button>
      <ConfirmDialog
        open={confirming}
        title="Cancel all orders and block trading?"
        confirmLabel="Cancel all and block"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          onActivate();
        }}
      >
        <p>Every open order is cancelled at the broker, and every new order from any frontend is refused until you re-enable trading.</p>
        <p>Cancelled orders are not restored when trading is re-enabled.</p>
      </ConfirmDialog>
    </>
  );
}
