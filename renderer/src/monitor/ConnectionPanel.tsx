/** "Am I connected, to what, since when, and is data flowing?" as a definition list. */
import type { ProxyStatus } from '../../../src/common/ipc';
import { Panel } from '../components/Panel';
import { formatClock, formatDuration, formatRelative } from '../format';
import { useNow } from '../hooks/useNow';
import { CONNECTION_WORDS, QUALITY_WORDS } from './connectionWords';
import { ConnectionControls } from './ConnectionControls';
import { SessionPhaseNote } from './SessionPhaseNote';

export function ConnectionPanel({ status }: { status: ProxyStatus }) {
  const now = useNow();
  const g = status.gateway;
  const state = CONNECTION_WORDS[g.status];
  const quality = QUALITY_WORDS[g.dataQuality];
  const uptime = g.connectedAt && g.status === 'connected' ? formatDuration(now - new Date(g.connectedAt).getTime()) : '—';
  const retry = g.nextRetryAt ? `${formatClock(g.nextRetryAt)} (${formatRelative(g.nextRetryAt, now)})` : 'none scheduled';

  return (
    <Panel title="Connection to TWS" className="connection" actions={<ConnectionControls status={status} />}>
      <p className={`state state-${state.tone}`} data-testid="connection-state" aria-live="polite">
        <span className="dot" aria-hidden="true" />
        <span>{state.label}</span>
        {g.reason && g.status !== 'connected' ? <span className="reason"> — {g.reason}</span> : null}
      </p>
      <SessionPhaseNote session={g.session} />
      <dl className="facts">
        <dt>Mode</dt>
        <dd>
          <span data-testid="mode">{status.displayMode.toUpperCase()}{status.displayMode === 'demo' ? ` (${g.mode} profile)` : ''}</span>
          {/* Why the Live / Paper switch above is greyed out, in words rather than only in its tooltip. */}
          {status.abilities.modeSwitchRefused ? (
            <p className="hint" id="mode-switch-refused" data-testid="mode-switch-refused">
              {status.abilities.modeSwitchRefused}
            </p>
          ) : null}
        </dd>
        <dt>TWS</dt>
        <dd data-testid="tws-address">
          {g.host}:{g.port} <span className="muted">client id {g.clientId}</span>
        </dd>
        <dt>Server version</dt>
        <dd data-testid="server-version">{g.serverVersion ?? '—'}</dd>
        <dt>Accounts</dt>
        <dd data-testid="accounts">{g.accounts.length ? g.accounts.join(', ') : '—'}</dd>
        <dt>Uptime</dt>
        <dd data-testid="uptime">{uptime}</dd>
        <dt>Reconnect attempts</dt>
        <dd data-testid="reconnect-attempts">
          {g.reconnectAttempts} <span className="muted">· next retry {retry}</span>
        </dd>
        <dt>Data quality</dt>
        <dd className={`tone-${quality.tone}`} data-testid="data-quality">
          {quality.label}
        </dd>
        <dt>Last heartbeat</dt>
        <dd data-testid="last-heartbeat">{g.lastHeartbeat ? `${formatClock(g.lastHeartbeat)} (${formatRelative(g.lastHeartbeat, now)})` : '—'}</dd>
        <dt>Local API</dt>
        <dd data-testid="server-url">
          {status.server.listening ? status.server.url : 'not listening'} <span className="muted">· {status.connectedClients} client(s)</span>
        </dd>
      </dl>
    </Panel>
  );
}
