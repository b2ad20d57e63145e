/**
 * The demo's fault buttons: make the built-in TWS simulator misbehave (restart, lose IBKR's servers, a competing
 * session) and watch the proxy cope. Shown only where the proxy says they work (status.abilities.simulatorFaults:
 * `npm run demo`, or the desktop app's demo), in the desktop window (over IPC) and the web console (over REST).
 */
import { useState } from 'react';
import { DEMO_FAULTS, DEMO_FAULT_LABELS, faultSetOffSentence, type DemoFault } from '../../../src/common/demoFaults';
import { api, errorText } from '../api';
import { Panel } from '../components/Panel';

export function SimulatorFaults() {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  async function fault(f: DemoFault) {
    setBusy(true);
    setNotice(null);
    try {
      const r = await api().simulateFault(f);
      setNotice(r.ok ? faultSetOffSentence(f) : r.error);
    } catch (e) {
      setNotice(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="Simulator faults (demo)" className="faults">
      <p className="hint">The demo&apos;s TWS is a simulator: make it misbehave and watch the connection above recover.</p>
      <div className="controls wrap">
        {DEMO_FAULTS.map((f) => (
          <button key={f} type="button" disabled={busy} onClick={() => void fault(f)}>
            {DEMO_FAULT_LABELS[f]}
          </button>
        ))}
      </div>
      {notice ? (
        <p className="notice" role="status" data-testid="fault-result">
          {notice}
        </p>
      ) : null}
    </Panel>
  );
}
