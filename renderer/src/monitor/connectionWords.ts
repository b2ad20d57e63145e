/** Connection states and data quality in words and a colour class, shared by the panel and the header. */
import type { ConnectionStatus, DataQuality } from '../../../src/common/contract';

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
