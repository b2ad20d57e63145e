/**
 * When the window (and tray) get a new ProxyStatus push. The controller composes the status on every gateway
 * health event (each answered heartbeat) and every second for the rest; it is pushed only when this key changes,
 * i.e. when something a user can see changed.
 *
 * Left out: the TWS message counters, which move with every message (a push per second for nothing; the
 * traffic chart has its own samples). Kept in: `lastHeartbeat`, which the monitor shows: it moves once per
 * answered heartbeat (ibkr.heartbeatIntervalMs, at least one second), so including it costs at most one push
 * per heartbeat and keeps "last heartbeat" current without the window polling.
 */
import type { ProxyStatus } from '../../common/consoleShapes.js';

export function statusChangeKey(status: ProxyStatus): string {
  return JSON.stringify({ ...status, gateway: { ...status.gateway, messagesIn: 0, messagesOut: 0 } });
}
