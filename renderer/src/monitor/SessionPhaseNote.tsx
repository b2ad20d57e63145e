/**
 * The TWS session's phase in the window: what is happening, until when, and what to do (nothing, for a daily
 * restart). Shown whenever the phase is more than plain "connected", plus TWS's link to IBKR, the data farms and
 * the next scheduled restart.
 */
import type { SessionPhase } from '../../../src/common/contract';
import { formatClock, formatRelative } from '../format';
import { useNow } from '../hooks/useNow';
import { FARM_WORDS, LINK_WORDS, PHASE_WORDS } from './connectionWords';

export function SessionPhaseNote({ session }: { session: SessionPhase }) {
  const now = useNow();
  const words = PHASE_WORDS[session.phase];
  // Plain "connected" needs no sentence; a fallback client id does.
  const fallback = session.clientId.inUse !== null && session.clientId.inUse !== session.clientId.configured;
  const showMessage = session.phase !== 'connected' || fallback;
  return (
    <div className={`session-phase tone-${session.needsAttention ? 'bad' : words.tone}`} data-testid="session-phase" data-phase={session.phase} role={session.needsAttention ? 'alert' : undefined}>
      <p className="phase-title" data-testid="session-phase-title">
        {words.label}
        {session.expectedBackAt ? (
          <span className="muted" data-testid="session-expected-back">
            {' '}· back by {formatClock(session.expectedBackAt)} ({formatRelative(session.expectedBackAt, now)})
          </span>
        ) : null}
      </p>
      {showMessage ? <p data-testid="session-phase-message">{session.message}</p> : null}
      {session.action ? (
        <p className="phase-action" data-testid="session-phase-action">
          {session.action}
        </p>
      ) : null}
      <p className="muted phase-facts">
        <span data-testid="session-link">{LINK_WORDS[session.connectivity]}</span>
        {' · '}
        <span data-testid="session-farms">
          market data {FARM_WORDS[session.farms.marketData]}, history {FARM_WORDS[session.farms.historical]}, contracts{' '}
          {FARM_WORDS[session.farms.securityDefinition]}
        </span>
        {session.nextRestartAt ? <span data-testid="session-next-restart"> · next TWS restart {formatClock(session.nextRestartAt)}</span> : null}
      </p>
    </div>
  );
}
