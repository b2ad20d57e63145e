import { Panel } from '../components/Panel';
import { IbErrorsList } from './IbErrorsList';
import { LogTail } from './LogTail';

/** Everything that went wrong recently: what TWS said, and what the proxy logged. */
export function ProblemsPanel() {
  return (
    <Panel title="Problems" className="problems">
      <h3>IB errors and warnings</h3>
      <IbErrorsList />
      <h3>Log</h3>
      <LogTail />
    </Panel>
  );
}
