/** Connection states and data quality in words and a colour class, shared by the panel and the header. */
import type { ConnectionStatus, DataQuality, SessionPhase, SessionPhaseName } from '../../../src/common/contract';

export const CONNECTION_WORDS: Record<ConnectionStatus, { label: string; tone: 'ok' | 'warn' | 'bad' | 'off' }> = {
  connected: { label: 'Connected', tone: 'ok' },
  connecting: { label: 'Connecting…', tone: 'warn' },
  reconnecting: { label: 'Reconnecting…', tone: 'warn' },
  disconnected: { label: 'Disconnected', tone: 'off' },
  error: { label: 'Connection error', tone: 'bad' },
};

export const QUALITY_WORDS: Record<DataQuality, { label: string; tone: 'ok' | 'warn' | 'bad' | 'off' }> = {
  good: { label: 'Good: live data', tone: 'ok' },
  delayed: { label: 'Delayed: some lines show delayed data', tone: 'warn' },
  stale: { label: 'Stale: data farm or IB connection interrupted', tone: 'bad' },
  unavailable: { label: 'Unavailable: no market data', tone: 'off' },
};

type Tone = 'ok' | 'warn' | 'bad' | 'off';

/** The session phase's title; the sentence and the action come from the gateway itself. */
export const PHASE_WORDS: Record<SessionPhaseName, { label: string; tone: Tone }> = {
  connected: { label: 'TWS session: connected', tone: 'ok' },
  connecting: { label: 'TWS session: connecting', tone: 'warn' },
  disconnected: { label: 'TWS session: disconnected', tone: 'off' },
  'tws-unreachable': { label: 'TWS not reachable', tone: 'warn' },
  'tws-restarting': { label: 'TWS restarting (daily restart)', tone: 'warn' },
  'tws-login-required': { label: 'TWS is waiting for its login', tone: 'bad' },
  'client-id-busy': { label: 'Client id in use at TWS (326)', tone: 'bad' },
  'ib-servers-unreachable': { label: "TWS lost IBKR's servers (1100)", tone: 'bad' },
  'competing-session': { label: 'Market data paused: competing session (10197)', tone: 'bad' },
};

export const LINK_WORDS: Record<SessionPhase['connectivity'], string> = {
  ok: 'IBKR link ok',
  lost: 'IBKR link lost (1100)',
  'restored-data-lost': 'IBKR link restored, lines re-requested (1101)',
  'restored-data-kept': 'IBKR link restored, data kept (1102)',
};

export const FARM_WORDS: Record<SessionPhase['farms']['marketData'], string> = {
  ok: 'ok',
  broken: 'broken',
  inactive: 'inactive (on demand)',
  unknown: 'not reported',
};
