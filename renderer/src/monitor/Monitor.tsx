/** The monitor: in two seconds, connected or not, which account, live or paper, is data flowing, who is using it. */
import { useState } from 'react';
import type { ProxyStatus } from '../../../src/common/ipc';
import { api, errorText } from '../api';
import { ClientsPanel } from './ClientsPanel';
import { ConnectionPanel } from './ConnectionPanel';
import { KillSwitch } from './KillSwitch';
import { OrdersPanel } from './OrdersPanel';
import { ProblemsPanel } from './ProblemsPanel';
import { SimulatorFaults } from './SimulatorFaults';
import { TradingBlockedBanner } from './TradingBlockedBanner';
import { TrafficPanel } from './TrafficPanel';

export function Monitor({ status }: { status: ProxyStatus }) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const blocked = status.gateway.tradingBlocked;

  async function setKillSwitch(active: boolean) {
    setBusy(true);
    try {
      const r = await api().setKillSwitch(active);
      if (!r.ok) setNotice(r.error);
      else if (r.warning) setNotice(r.warning);
      else if (active) setNotice(`Trading blocked; a cancel was sent for ${r.cancelledOrders} open order(s).`);
      else setNotice('Trading re-enabled.');
    } catch (e) {
      setNotice(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="monitor">
      {blocked ? <TradingBlockedBanner busy={busy} onReenable={() => void setKillSwitch(false)} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="grid">
        <ConnectionPanel status={status} />
        <TrafficPanel status={status} />
        <OrdersPanel killSwitch={<KillSwitch blocked={blocked} busy={busy} onActivate={() => void setKillSwitch(true)} />} />
        <ClientsPanel connectedClients={status.connectedClients} />
        <ProblemsPanel />
        {status.abilities.simulatorFaults ? <SimulatorFaults /> : null}
      </div>
    </div>
  );
}
