/** The traffic chart plus the market-data line budget (IBKR refuses subscriptions beyond it). */
import type { ProxyStatus } from '../../../src/common/ipc';
import { Panel } from '../components/Panel';
import { useTraffic, TRAFFIC_WINDOW } from '../hooks/useTraffic';
import { TrafficChart } from './TrafficChart';

export function TrafficPanel({ status }: { status: ProxyStatus }) {
  const samples = useTraffic();
  const { linesInUse, lineBudget } = status.gateway;
  const share = lineBudget > 0 ? linesInUse / lineBudget : 0;
  const tone = share >= 0.9 ? 'bad' : share >= 0.7 ? 'warn' : 'ok';
  return (
    <Panel title="Traffic">
      <TrafficChart samples={samples} windowMs={TRAFFIC_WINDOW * 1000} />
      <div className="lines">
        <label htmlFor="line-usage">Market-data lines</label>
        <meter id="line-usage" min={0} max={lineBudget || 1} low={lineBudget * 0.7} high={lineBudget * 0.9} optimum={0} value={linesInUse} />
        <span className={`tone-${tone}`} data-testid="line-usage">
          {linesInUse} of {lineBudget} in use
        </span>
      </div>
    </Panel>
  );
}
